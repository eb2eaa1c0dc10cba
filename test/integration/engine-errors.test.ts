import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, devstack } from './helpers.js';

function stack(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'devstack-engine-errors-'));
  writeFileSync(join(dir, 'devstack.yml'), yaml);
  return dir;
}

describe("engine failures say the engine's own words and the fix for the real cause", () => {
  const base = `ee${Date.now().toString(36)}`;
  const names: string[] = [];
  /** One project a test: a project name belongs to one folder. */
  const fresh = () => {
    names.push(`${base}${names.length}`);
    return names.at(-1)!;
  };
  afterAll(async () => {
    for (const name of names) await cleanup(name);
  });

  it('a build without its Dockerfile', async () => {
    const result = await devstack(['up', '-p', fresh()], stack('services:\n  web:\n    build: .\n'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Build of web cannot start: its Dockerfile \S*Dockerfile does not exist/);
    expect(result.stderr).not.toContain('Fix the Dockerfile step');
    expect(result.stderr).not.toContain('server error');
  });

  it('a pull from a registry that does not answer blames the registry, not the name', async () => {
    const result = await devstack(['up', '-p', fresh()], stack('services:\n  img:\n    image: 127.0.0.1:5999/nothing/here:1\n'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/dial tcp 127\.0\.0\.1:5999: connect: connection refused/);
    expect(result.stderr).toContain('hint: The registry did not answer');
    expect(result.stderr).not.toMatch(/server error|check the image name/i);
  });

  it('a pull of a name the registry does not have says so', async () => {
    const result = await devstack(['up', '-p', fresh()], stack('services:\n  img:\n    image: 127.0.0.1:5000/devstack-tests/never-pushed:1\n'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/manifest unknown|not found/);
    expect(result.stderr).toContain('hint: The registry has no such image or tag');
    expect(result.stderr).not.toMatch(/server error|\(HTTP code/);
  });

  it("a healthcheck whose program the image lacks fails at once, naming it, long before the check's timeout", async () => {
    const yaml =
      'services:\n  probe:\n    image: busybox:latest\n    command: ["sleep", "600"]\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://127.0.0.1/"]\n      interval: 1m\n';
    const started = Date.now();
    const result = await devstack(['up', '-p', fresh(), '--timeout', '120'], stack(yaml));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Service probe has a healthcheck that cannot run in its container: "curl" is not there');
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});

describe('up --json ends with one result event, on failure as on success', () => {
  const name = `ej${Date.now().toString(36)}`;
  afterAll(() => cleanup(name));

  it('a failed up: the last line is a result event with ok false, the message and the exit code', async () => {
    const result = await devstack(['up', '-p', name, '--json'], stack('services:\n  img:\n    image: 127.0.0.1:5999/nothing/here:1\n'));
    expect(result.code).toBe(1);
    const last = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(last).toMatchObject({ type: 'result', ok: false, project: name, exitCode: 1 });
    expect(String(last.error)).toContain('connection refused');
  });
});

describe('every --json command that reports progress ends with one result event, on failure as on success', () => {
  const name = `ek${Date.now().toString(36)}`;
  const dir = stack('services:\n  a:\n    image: busybox:latest\n    build: .\n');
  afterAll(() => cleanup(name));

  const lastEvent = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

  it.each(['stop', 'restart', 'build', 'debug'])('%s of a service the stack does not have: a result event with ok false, exit 2', async (command) => {
    const result = await devstack([command, 'nosuch', '-p', name, '--json'], dir);
    expect(result.code).toBe(2);
    expect(lastEvent(result.stdout)).toMatchObject({ type: 'result', ok: false, project: name, exitCode: 2 });
    expect(String(lastEvent(result.stdout).error)).toContain('nosuch');
  });

  it.each([['stop'], ['down']])('%s that succeeds: a result event with ok true', async (command) => {
    const result = await devstack([command, '-p', name, '--json'], dir);
    expect(result.code).toBe(0);
    expect(lastEvent(result.stdout)).toMatchObject({ type: 'result', ok: true, project: name });
  });
});

describe('snapshot restore without a name', () => {
  it('with no snapshot to offer, says how to take one, exit 2, with no note about multi-value flags', async () => {
    const result = await devstack(['snapshot', 'restore', '-p', `sr${Date.now().toString(36)}`], stack('services:\n  a:\n    image: busybox:latest\n'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/No snapshots of sr\w+ in /);
    expect(result.stderr).toContain('Take one with `devstack snapshot save NAME`');
    expect(result.stderr).not.toMatch(/allow multiple values|Note:/);
  });
});
