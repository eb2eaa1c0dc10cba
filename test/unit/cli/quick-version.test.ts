import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);

describe('devstack --version', () => {
  it("answers in oclif's format from package.json, before oclif is loaded", () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { name: string; version: string };
    const out = execFileSync(process.execPath, ['bin/run.js', '--version'], { cwd: root, encoding: 'utf8' });
    expect(out).toBe(`${pkg.name}/${pkg.version} ${platform()}-${arch()} node-${process.version}\n`);
  });
});
