import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devstack } from './helpers.js';

describe('devstack init', () => {
  it('writes the three files for a Node repository, then refuses to overwrite them without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'init-cli-'));
    writeFileSync(join(dir, 'package.json'), '{"name":"shop"}');
    const first = await devstack(['init', '--profiles', 'postgres,redis'], dir);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Detected node (from package.json)');
    expect(readFileSync(join(dir, 'devstack.yml'), 'utf8')).toContain('- app-node');
    writeFileSync(join(dir, '.dockerignore'), 'mine\n');
    const second = await devstack(['init', '--profiles', 'postgres'], dir);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('devstack.yml, .env.example, .dockerignore already exist');
    expect(readFileSync(join(dir, '.dockerignore'), 'utf8')).toBe('mine\n');
    const forced = await devstack(['init', '--profiles', 'postgres', '--force'], dir);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, '.dockerignore'), 'utf8')).toContain('node_modules/');
  });

  it('rejects an unknown profile with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'init-cli-'));
    const result = await devstack(['init', '--runtime', 'none', '--profiles', 'postgress'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown profile "postgress"');
  });
});
