import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devstack } from './helpers.js';

// bin/run.js loads oclif's plugins only for the lines that may need them: each of these still gets its plugin.
describe('help, autocomplete and unknown commands, with plugins loaded on demand', () => {
  const dir = mkdtempSync(join(tmpdir(), 'devstack-plugins-'));

  it("`help` and the root --help list every command, the plugins' too", async () => {
    for (const args of [['help'], ['--help']]) {
      const result = await devstack(args, dir);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^ {2}autocomplete\s/m);
      expect(result.stdout).toMatch(/^ {2}help\s/m);
      expect(result.stdout).toMatch(/^ {2}status\s/m);
    }
  });

  it("`help status` and `status --help` show the command's help", async () => {
    for (const args of [
      ['help', 'status'],
      ['status', '--help'],
    ]) {
      const result = await devstack(args, dir);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('$ devstack status');
    }
  });

  it('`autocomplete bash` gives its instructions', async () => {
    const result = await devstack(['autocomplete', 'bash'], dir, { HOME: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('devstack autocomplete');
  });

  it("a word that is no command is said to be none, exit 2, with the suggestion taken from every command, the plugins' too", async () => {
    const result = await devstack(['stauts'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('stauts is not a devstack command. Did you mean status?');
    const plugin = await devstack(['hlep'], dir);
    expect(plugin.code).toBe(2);
    expect(plugin.stderr).toContain('Did you mean help?');
  });
});
