import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** An installed copy of devstack whose package.json asks for the given Node. */
function installedWith(engines: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'devstack-node-check-'));
  cpSync(join(root, 'bin'), join(dir, 'bin'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  // Stand-ins for the built command and entry, so the test needs no build: what it checks is bin/run.js.
  mkdirSync(join(dir, 'dist/commands'), { recursive: true });
  writeFileSync(join(dir, 'dist/main.js'), "export { execute } from '@oclif/core';\n");
  writeFileSync(
    join(dir, 'dist/commands/status.js'),
    "import { Command } from '@oclif/core';\nexport default class Status extends Command {\n  static description = 'Show each service (stand-in)';\n  async run() {}\n}\n",
  );
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...pkg, engines: { node: engines } }));
  return dir;
}

describe('the Node version check', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  const help = (engines: string) => {
    const dir = installedWith(engines);
    dirs.push(dir);
    return spawnSync(process.execPath, [join(dir, 'bin/run.js'), 'status', '--help'], { encoding: 'utf8' });
  };

  it('warns, naming both versions, when Node is older than package.json asks, and still runs', () => {
    const result = help('>=99.0');
    expect(result.stderr).toContain(`devstack needs Node >=99.0; this is ${process.version}. Upgrade Node if a command fails.`);
    expect(result.stdout).toContain('Show each service');
  });

  it('says nothing when Node is new enough', () => {
    const [major, minor] = process.versions.node.split('.');
    const result = help(`>=${major}.${minor}`);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });
});
