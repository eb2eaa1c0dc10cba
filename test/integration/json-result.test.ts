import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devstack } from './helpers.js';

function folderWith(stack: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'devstack-json-'));
  writeFileSync(join(dir, 'devstack.yml'), stack);
  return dir;
}

function lastEvent(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}

const badYaml = folderWith('services:\n  api:\n    ports: [80\n');
const good = folderWith('services:\n  api:\n    image: busybox:latest\n');

describe('--json when the stack cannot be loaded or a flag is wrong', () => {
  it.each([['up'], ['status'], ['down'], ['stop'], ['restart'], ['build'], ['logs'], ['snapshot', 'list']])(
    '%s --json on bad YAML ends with one result event: ok false, the message, exit code 2',
    async (...command) => {
      const { code, stdout, stderr } = await devstack([...command, '--json'], badYaml);
      expect(code, stderr).toBe(2);
      expect(stdout.match(/"type":"result"/g)).toHaveLength(1);
      expect(lastEvent(stdout)).toMatchObject({ type: 'result', ok: false, exitCode: 2, error: expect.stringContaining('problem in the stack configuration') });
    },
  );

  it('an unknown service: the result names it, exit 2', async () => {
    const { code, stdout } = await devstack(['up', 'nope', '--json'], good);
    expect(code).toBe(2);
    expect(lastEvent(stdout)).toMatchObject({ type: 'result', ok: false, exitCode: 2, error: expect.stringContaining('nope') });
    // Bad input touches nothing: no network, no container was made for it.
    expect(stdout).not.toContain('"type":"resource"');
  });

  it('an unknown flag: a result event too, exit 2', async () => {
    const { code, stdout } = await devstack(['status', '--json', '--bogus'], good);
    expect(code).toBe(2);
    expect(lastEvent(stdout)).toMatchObject({ type: 'result', ok: false, exitCode: 2, error: expect.stringContaining('--bogus') });
  });
});
