import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bin, devstack, project } from './helpers.js';

const home = mkdtempSync(join(tmpdir(), 'devstack-completion-'));
const env = { XDG_CACHE_HOME: join(home, 'cache'), HOME: home };
const path = join(home, 'bin');
const bashFunctions = join(home, 'cache/devstack/autocomplete/functions/bash/devstack.bash');

/** Completes a command line in bash as <TAB> would: the function bash registered for devstack, with the words so far. */
function complete(line: string[], cwd: string): { words: string[]; output: string } {
  const words = line.map((w) => `'${w}'`).join(' ');
  const script = `source '${bashFunctions}'
fn=$(complete -p devstack | sed -E 's/.*-F ([^ ]+).*/\\1/')
COMP_WORDS=(${words}); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
"$fn"
printf '%s\\n' "\${COMPREPLY[@]}" > "$REPLY_FILE"`;
  const replyFile = join(home, `reply-${Math.random().toString(36).slice(2)}`);
  const run = spawnSync('bash', ['--norc', '-c', script], {
    cwd,
    env: { ...process.env, ...env, PATH: `${path}:${process.env.PATH}`, REPLY_FILE: replyFile },
    encoding: 'utf8',
  });
  const reply = execFileSync('cat', [replyFile], { encoding: 'utf8' });
  return { words: reply.split('\n').filter(Boolean).sort(), output: run.stdout + run.stderr };
}

describe('shell completion of service names (bash)', () => {
  const { dir } = project('chain');
  const empty = mkdtempSync(join(tmpdir(), 'devstack-nostack-'));

  beforeAll(async () => {
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, 'devstack'), `#!/bin/sh\nexec '${process.execPath}' '${bin}' "$@"\n`);
    chmodSync(join(path, 'devstack'), 0o755);
    expect((await devstack(['autocomplete', '--refresh-cache'], dir, env)).code).toBe(0);
  });

  it("offers the stack's services after logs, and those matching what is typed", () => {
    expect(complete(['devstack', 'logs', ''], dir).words).toEqual(['api', 'cache', 'db']);
    expect(complete(['devstack', 'stop', 'api', 'c'], dir).words).toEqual(['cache']);
    expect(complete(['devstack', 'restart', '--timeout', '5', 'd'], dir).words).toEqual(['db']);
  });

  it('offers one service to exec and shell, and not where a flag value or the command goes', () => {
    expect(complete(['devstack', 'exec', ''], dir).words).toEqual(['api', 'cache', 'db']);
    expect(complete(['devstack', 'shell', '-u', 'root', 'a'], dir).words).toEqual(['api']);
    expect(complete(['devstack', 'exec', 'api', ''], dir).words).not.toContain('db');
    expect(complete(['devstack', 'logs', '-p', ''], dir).words).not.toContain('db');
  });

  it('still completes commands and flags as before', () => {
    expect(complete(['devstack', 'lo'], dir).words).toEqual(['logs']);
    expect(complete(['devstack', 'logs', '--fol'], dir).words).toEqual(['--follow']);
  });

  it('prints nothing into the prompt where there is no stack file, and offers nothing', () => {
    const { words, output } = complete(['devstack', 'logs', ''], empty);
    expect(words).toEqual([]);
    expect(output).toBe('');
  });
});
