import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, cleanup, devstack, docker, project, projectContainers, start, type CliResult } from './helpers.js';

const { dir, name } = project('box');

/** Runs a shell line under `script`, which gives it a pseudo-terminal, with `input` typed into it. */
/**
 * Runs LINE in a pseudo-terminal. INPUT is typed once the screen shows PROMPT, as a person types
 * only after the shell answers: typed earlier, the keys reach the terminal before the shell puts it
 * in raw mode, and what they do then depends on timing.
 */
function inTerminal(line: string, input: string, prompt?: RegExp): Promise<CliResult> {
  const child = spawn('script', ['-qec', line, '/dev/null'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', TERM: 'xterm' } });
  let stdout = '';
  let stderr = '';
  let typed = false;
  const type = () => {
    if (typed) return;
    typed = true;
    child.stdin.end(input);
  };
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (prompt?.test(stdout)) type();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // A prompt that never shows still gets the keys, so the assertions print what the screen held.
  if (prompt) setTimeout(type, 20_000).unref();
  else type();
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

async function execInBox(cmd: string[]): Promise<string> {
  const exec = await docker.getContainer(`${name}-box-1`).exec({ Cmd: cmd, AttachStdout: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  return new Promise((done) => {
    let out = '';
    stream.on('data', (d: Buffer) => (out += d.subarray(8).toString()));
    stream.on('end', () => done(out));
  });
}

const oneOffs = async () => (await projectContainers(name)).filter((c) => c.Labels['dev.devstack.one-off']);

describe('exec, shell and run', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    expect((await devstack(['up', '-p', name, 'box'], dir)).code).toBe(0);
  });
  afterAll(() => cleanup(name));

  it('exec: exit codes 0 and 3 become ours, stdout and stderr stay apart', async () => {
    expect((await devstack(['exec', '-p', name, 'box', '--', 'true'], dir)).code).toBe(0);
    const failed = await devstack(['exec', '-p', name, 'box', '--', 'sh', '-c', 'echo to-out; echo to-err >&2; exit 3'], dir);
    expect(failed).toEqual({ code: 3, stdout: 'to-out\n', stderr: 'to-err\n' });
  });

  it('exec: piped stdin reaches the command, with or without -T, and flags after -- belong to the command', async () => {
    const piped = start(['exec', '-p', name, 'bo', '--', 'sh', '-c', 'tr a-z A-Z; echo "$GREETING"'], dir);
    piped.child.stdin!.end('piped text\n');
    expect(await piped.done).toMatchObject({ code: 0, stdout: 'PIPED TEXT\nhello\n' });
    const noTty = start(['exec', '-T', '-p', name, 'box', '--', 'wc', '-l'], dir);
    noTty.child.stdin!.end('a\nb\nc\n');
    expect((await noTty.done).stdout.trim()).toBe('3');
    expect((await devstack(['exec', '-p', name, 'box', '--', 'echo', '-T', '-p', 'x'], dir)).stdout).toBe('-T -p x\n');
  });

  it('exec: a service that is not running, or a wrong name, is a clear error', async () => {
    const idle = await devstack(['exec', '-p', name, 'idle', '--', 'true'], dir);
    expect(idle.code).toBe(1);
    expect(idle.stderr).toContain('Service idle is not running (no container)');
    expect(idle.stderr).toContain(`Start it with \`devstack up idle -p ${name}\``);
    const wrong = await devstack(['exec', '-p', name, 'bxo', '--', 'true'], dir);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Did you mean "box"?');
  });

  it('shell: in a pseudo-terminal a typed command runs in the container with our window size, its exit code is ours, the terminal is restored', async () => {
    const result = await inTerminal(
      `stty rows 41 cols 103; stty -g; node ${bin} shell -p ${name} bo; echo "shell-exit=$?"; stty -g`,
      'echo typed-$((6*7)) > /scratch/typed; cat /scratch/typed; echo "size=$(stty size)"\nexit 4\n',
      /[#$] $/,
    );
    expect(result.stdout).toContain('typed-42');
    expect(result.stdout).toContain('size=41 103');
    expect(result.stdout).toContain('shell-exit=4');
    expect(await execInBox(['cat', '/scratch/typed'])).toBe('typed-42\n');
    const settings = result.stdout.split(/\r?\n/).filter((l) => /^[0-9a-f]+(:[0-9a-f]+){10,}$/.test(l.trim()));
    expect(settings).toHaveLength(2);
    expect(settings[1]).toBe(settings[0]);
  });

  it('exec and run in a terminal: a command that reads the window size as its first act sees ours', async () => {
    // API 1.42 (Engine 23) takes the size with the exec or the container, before the process runs. An
    // older engine takes it only by a resize after the start, which busybox's `stty size` can beat
    // (the Docker CLI's own `docker exec -t` loses the same race there): a moment later it is ours.
    const atOnce = Number((await docker.version()).ApiVersion.split('.')[1]) >= 42;
    const read = atOnce ? 'stty size' : "sh -c 'sleep 1; stty size'";
    const result = await inTerminal(
      `stty rows 37 cols 91; node ${bin} exec -p ${name} box -- ${read}; node ${bin} run -p ${name} box -- ${read}; echo all-done`,
      '',
      // The terminal stays open until both have run: a closed one would end them with nothing to read.
      /all-done/,
    );
    const sizes = result.stdout.split(/\r?\n/).filter((l) => /^\d+ \d+$/.test(l.trim()));
    expect(
      sizes.map((l) => l.trim()),
      result.stdout,
    ).toEqual(['37 91', '37 91']);
  });

  it('shell: without a terminal it says so; for a stopped service it gives the command to start it', async () => {
    const piped = await devstack(['shell', '-p', name, 'box'], dir);
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain('shell needs a terminal');
    const idle = await inTerminal(`node ${bin} shell -p ${name} idle; echo "shell-exit=$?"`, '');
    expect(idle.stdout).toContain('Service idle is not running');
    expect(idle.stdout).toContain(`devstack up idle -p ${name}`);
    expect(idle.stdout).toContain('shell-exit=1');
  });

  it("run: a one-off container from the service's spec, exit code propagated, removed afterwards", async () => {
    const result = await devstack(['run', '-p', name, 'box', '--', 'sh', '-c', 'echo "one-off $GREETING"; ls -d /scratch >&2; exit 4'], dir);
    expect(result).toEqual({ code: 4, stdout: 'one-off hello\n', stderr: '/scratch\n' });
    const piped = start(['run', '-p', name, 'box', '--', 'cat'], dir);
    piped.child.stdin!.end('through stdin\n');
    expect(await piped.done).toMatchObject({ code: 0, stdout: 'through stdin\n' });
    expect(await oneOffs()).toEqual([]);
  });

  it('run: the one-off is on the project network, is neither an orphan nor the service in status and up, and Ctrl-C reaches it', async () => {
    const long = start(['run', '-p', name, 'box', '--', 'sh', '-c', "trap 'echo interrupted; exit 0' INT; sleep 60 & wait"], dir);
    const until = Date.now() + 30_000;
    while (!(await oneOffs()).some((c) => c.State === 'running') && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const [oneOff] = await oneOffs();
    expect(oneOff!.Labels['dev.devstack.service']).toBe('box');
    expect(Object.keys(oneOff!.NetworkSettings.Networks)).toEqual([`${name}_default`]);

    const status = JSON.parse((await devstack(['status', '-p', name, '--json'], dir)).stdout) as Array<{ service: string; container: string | null }>;
    expect(status.map((r) => [r.service, r.container])).toEqual([
      ['box', `${name}-box-1`],
      ['idle', null],
    ]);
    const up = await devstack(['up', '-p', name, 'box'], dir);
    expect(up.code).toBe(0);
    expect(up.stderr).toContain('Nothing to do');
    expect(up.stderr).not.toContain('orphans');

    long.child.kill('SIGINT');
    expect(await long.done).toMatchObject({ code: 0, stdout: 'interrupted\n' });
    expect(await oneOffs()).toEqual([]);
  });

  it('stop and restart: stopped, then running and ready again; a service without a container is a clear error', async () => {
    expect((await devstack(['stop', '-p', name, 'box'], dir)).code).toBe(0);
    expect((await docker.getContainer(`${name}-box-1`).inspect()).State.Status).toBe('exited');
    const restarted = await devstack(['restart', '-p', name, 'box'], dir);
    expect(restarted.code).toBe(0);
    expect(restarted.stderr).toContain('box: ready');
    expect((await docker.getContainer(`${name}-box-1`).inspect()).State.Status).toBe('running');
    const idle = await devstack(['restart', '-p', name, 'idle'], dir);
    expect(idle.code).toBe(1);
    expect(idle.stderr).toContain(`devstack up idle -p ${name}`);
  });
});
