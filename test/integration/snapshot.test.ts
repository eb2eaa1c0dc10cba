import { spawn } from 'node:child_process';
import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, cleanup, devstack, docker, execIn, profileSql, project, publishedPort, redisCommand, start, waitFor } from './helpers.js';

const { dir, name } = project('snapshot');
const hostPort = (service: string, containerPort: number) => publishedPort(`${name}-${service}-1`, containerPort);
const sql = async <T>(query: string) => profileSql<T>(await hostPort('postgres', 5432), query);
const redis = async (...args: string[]) => redisCommand(await hostPort('redis', 6379), ...args);
// A volume files mounts that devstack did not make: never archived, never replaced.
const canary = `${name}-canary`;
const env = { CANARY_VOLUME: canary };
const run = (...args: string[]) => devstack([...args, '-p', name, '--timeout', '150'], dir, env);
/** For the commands that wait for nothing. */
const ask = (...args: string[]) => devstack([...args, '-p', name], dir, env);
const snapshots = join(dir, '.devstack', 'snapshots');
/** Exit code and stderr together, so a failing step shows what the CLI said. */
const outcome = (r: { code: number | null; stderr: string }) => ({ code: r.code, stderr: r.stderr });

const notes = async () => (await sql<{ body: string }>('SELECT body FROM notes ORDER BY id')).map((r) => r.body);

const file = () => execIn(`${name}-files-1`, ['sh', '-c', 'cat /files/kept.txt 2>/dev/null || echo missing']);

async function leftovers(): Promise<string[]> {
  const label = [`dev.devstack.project=${name}`];
  const containers = (await docker.listContainers({ all: true, filters: { label } })).map((c) => c.Names[0]!).filter((n) => n.includes('-snapshot-'));
  const volumes = ((await docker.listVolumes({ filters: { label } })).Volumes ?? []).map((v) => v.Name).filter((n) => n.includes('.restore-'));
  return [...containers, ...volumes];
}

describe('snapshots', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    await docker.createVolume({ Name: canary });
    const up = await run('up');
    expect(up.stderr).not.toMatch(/^error:/m);
    expect(up.code).toBe(0);
    await sql(`INSERT INTO notes (body, embedding) VALUES ('first', '[1,2,3]'), ('second', '[4,5,6]')`);
    expect(await redis('SET', 'greeting', 'hello')).toBe('+OK\r\n');
    await execIn(`${name}-files-1`, ['sh', '-c', 'echo precious > /files/kept.txt; echo canary > /canary/file']);
  }, 240_000);
  afterAll(async () => {
    await cleanup(name);
    await docker
      .getVolume(canary)
      .remove()
      .catch(() => undefined);
  });

  it("Postgres rows, Redis keys and a plain volume's file survive save, reset --volumes --yes and restore", async () => {
    const saved = await run('snapshot', 'save', 'seeded');
    expect(outcome(saved)).toMatchObject({ code: 0 });
    expect(saved.stderr).toContain(`${name}_postgres-data (pg_dump)`);
    expect(saved.stderr).toContain(`${name}_redis-data (redis-rdb)`);
    expect(saved.stderr).toContain(`${name}_files (files)`);
    expect(saved.stderr).toContain(`Left out volume ${canary}: external`);
    expect(statSync(join(snapshots, 'seeded')).mode & 0o777).toBe(0o700);
    await execIn(`${name}-files-1`, ['sh', '-c', 'echo changed-after-save > /canary/file']);

    const reset = await run('reset', '--volumes', '--yes');
    expect(outcome(reset)).toMatchObject({ code: 0 });
    expect(reset.stderr).toContain('`devstack undo` brings them back');
    expect(await notes()).toEqual([]);
    expect(await redis('GET', 'greeting')).toBe('$-1\r\n');
    expect(await file()).toBe('missing');

    const restored = await run('snapshot', 'restore', 'seeded', '--yes');
    expect(restored.stderr).not.toMatch(/^error:/m);
    expect(outcome(restored)).toMatchObject({ code: 0 });
    expect(await notes()).toEqual(['first', 'second']);
    expect(await redis('GET', 'greeting')).toBe('$5\r\nhello\r\n');
    expect(await file()).toBe('precious');
    expect(await execIn(`${name}-files-1`, ['cat', '/canary/file'])).toBe('changed-after-save');
    expect(await leftovers()).toEqual([]);
  });

  it('undo after reset --volumes --yes gives the data back', async () => {
    await sql(`INSERT INTO notes (body) VALUES ('after-seed')`);
    expect(outcome(await run('reset', '--volumes', '--yes'))).toMatchObject({ code: 0 });
    expect(await notes()).toEqual([]);
    const undo = await run('undo');
    expect(outcome(undo)).toMatchObject({ code: 0 });
    expect(undo.stderr).toMatch(/restoring snapshot auto-\d{8}-\d{6}/);
    expect(await notes()).toEqual(['first', 'second', 'after-seed']);
    expect(await redis('GET', 'greeting')).toBe('$5\r\nhello\r\n');
    expect(await file()).toBe('precious');
  });

  it('a restore from a truncated archive fails, says which, and leaves the current data and services as they were', async () => {
    expect(outcome(await run('snapshot', 'save', 'broken'))).toMatchObject({ code: 0 });
    const manifest = JSON.parse(readFileSync(join(snapshots, 'broken', 'manifest.json'), 'utf8')) as {
      volumes: Array<{ name: string; parts: Array<{ file: string; database?: string; bytes: number }> }>;
    };
    const dump = manifest.volumes.find((v) => v.name === `${name}_postgres-data`)!.parts.find((p) => p.database === 'app')!;
    truncateSync(join(snapshots, 'broken', dump.file), Math.floor(dump.bytes / 2));
    await sql(`INSERT INTO notes (body) VALUES ('current')`);
    await redis('SET', 'greeting', 'current');
    const before = (await docker.getContainer(`${name}-postgres-1`).inspect()).State.StartedAt;

    const restored = await run('snapshot', 'restore', 'broken', '--yes');
    expect(restored.code).toBe(1);
    expect(restored.stderr).toContain(`Restoring volume ${name}_postgres-data (service postgres) from snapshot broken failed`);
    expect(restored.stderr).toContain(dump.file);
    expect(restored.stderr).toContain('(truncated or damaged)');
    expect(restored.stderr).toContain('Nothing was changed');
    expect(await notes()).toEqual(['first', 'second', 'after-seed', 'current']);
    expect(await redis('GET', 'greeting')).toBe('$7\r\ncurrent\r\n');
    expect((await docker.getContainer(`${name}-postgres-1`).inspect()).State.StartedAt).toBe(before);
    expect(await leftovers()).toEqual([]);
  });

  it('Ctrl-C while the new volumes are being built stops the restore with exit 130 and changes nothing', async () => {
    await sql(`INSERT INTO notes (body) VALUES ('before-interrupt')`);
    const current = await notes();
    const restoring = start(['snapshot', 'restore', 'seeded', '--yes', '-p', name], dir, env);
    await waitFor(() => restoring.stderr().includes('into a new volume'), 60_000);
    restoring.child.kill('SIGINT');
    const result = await restoring.done;
    expect(outcome(result)).toMatchObject({ code: 130 });
    expect(await notes()).toEqual(current);
    expect((await docker.getContainer(`${name}-postgres-1`).inspect()).State.Running).toBe(true);
    expect(await leftovers()).toEqual([]);
  });

  it('refuses, changing nothing, to restore data of another major version unless --force', async () => {
    expect(outcome(await run('snapshot', 'save', 'old-major', 'postgres'))).toMatchObject({ code: 0 });
    const path = join(snapshots, 'old-major', 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { services: Array<{ name: string; image: string; major: number }> };
    Object.assign(
      manifest.services.find((s) => s.name === 'postgres')!,
      { image: 'pgvector/pgvector:0.8.0-pg16', major: 16 },
    );
    writeFileSync(path, JSON.stringify(manifest));
    await sql(`INSERT INTO notes (body) VALUES ('newer')`);

    const refused = await run('snapshot', 'restore', 'old-major', '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('pgvector/pgvector:0.8.0-pg16 (major 16)');
    expect(refused.stderr).toContain('pgvector/pgvector:0.8.0-pg17 (major 17)');
    expect(refused.stderr).toContain('--force');
    expect(await notes()).toContain('newer');

    const forced = await run('snapshot', 'restore', 'old-major', '--force', '--yes');
    expect(outcome(forced)).toMatchObject({ code: 0 });
    expect(await notes()).not.toContain('newer');
  });

  it('--stop copies a stopped Postgres as files, and restores them', async () => {
    const saved = await run('snapshot', 'save', 'cold', 'postgres', '--stop');
    expect(outcome(saved)).toMatchObject({ code: 0 });
    expect(saved.stderr).toContain(`${name}_postgres-data (files)`);
    expect((await docker.getContainer(`${name}-postgres-1`).inspect()).State.Running).toBe(true);
    const before = await notes();
    await sql(`INSERT INTO notes (body) VALUES ('after-cold')`);
    expect(outcome(await run('snapshot', 'restore', 'cold', '--yes'))).toMatchObject({ code: 0 });
    expect(await notes()).toEqual(before);
  });

  it('--keep N prunes the oldest saved snapshots, never the automatic ones; list --json shows what is left', async () => {
    // What a killed restore would leave: the next snapshot command clears it.
    await docker.createVolume({
      Name: `${name}_files.restore-dead00`,
      Labels: { 'dev.devstack.project': name, 'dev.devstack.project-dir': dir, 'dev.devstack.snapshot-staging': `${name}_files` },
    });
    for (const n of ['k1', 'k2']) expect((await run('snapshot', 'save', n, 'files')).code).toBe(0);
    expect(await leftovers()).toEqual([]);
    const kept = await run('snapshot', 'save', 'k3', 'files', '--keep', '2');
    expect(kept.code).toBe(0);
    expect(kept.stderr).toMatch(/Removed snapshots .*seeded/);
    expect(kept.stderr).toContain('cold');
    const list = await ask('snapshot', 'list', '--json');
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout) as { snapshots: Array<{ name: string; automatic: boolean; bytes: number; services: string[]; createdAt: string }> };
    expect(listed.snapshots.filter((s) => !s.automatic).map((s) => s.name)).toEqual(['k3', 'k2']);
    // Two resets and three restores took one each; a restore that failed or was interrupted took none.
    expect(listed.snapshots.filter((s) => s.automatic)).toHaveLength(5);
    expect(listed.snapshots[0]).toMatchObject({ name: 'k3', services: ['files'] });
    expect(listed.snapshots[0]!.bytes).toBeGreaterThan(0);

    expect((await ask('snapshot', 'rm', 'k2')).code).toBe(0);
    const missing = await run('snapshot', 'restore', 'k2');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No snapshot named k2');
  });

  it('without a terminal, restore lists what it would replace and refuses unless --yes: exit 2, nothing touched', async () => {
    await execIn(`${name}-files-1`, ['sh', '-c', 'echo current > /files/kept.txt']);
    const before = (await readdirSafe(snapshots)).sort();
    const refused = await run('snapshot', 'restore', 'k3');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Restoring snapshot k3 (');
    expect(refused.stderr).toMatch(new RegExp(`${name}_files\\s+files: now .+, in the snapshot .+`));
    expect(refused.stderr).toContain('no terminal to confirm it; nothing was changed');
    expect(refused.stderr).toContain(`devstack snapshot restore k3 --yes -p ${name}`);
    expect(await file()).toBe('current');
    expect((await readdirSafe(snapshots)).sort()).toEqual(before);
  });

  it('in a terminal, restore without a name offers the latest, asks, and shows each step', async () => {
    const inK3 = 'precious';
    const session = inTerminal(['snapshot', 'restore', '-p', name, '--timeout', '150']);
    await waitFor(() => session.output().includes('[y/N]') || session.child.exitCode !== null, 60_000);
    expect(session.output()).toContain('offering the latest, k3');
    expect(session.output()).toContain(`${name}_files`);
    session.child.stdin.write('y\r');
    expect(await session.done).toBe(0);
    expect(session.output()).toMatch(/files: restoring .*_files from k3 \(files\) into a new volume/);
    expect(session.output()).toContain('`devstack undo` restores it.');
    expect(await file()).toBe(inK3);
  });

  it('undo after a restore brings back the data it replaced; a second undo has nothing more to undo', async () => {
    await execIn(`${name}-files-1`, ['sh', '-c', 'echo replaced-by-restore > /files/kept.txt']);
    const restored = await run('snapshot', 'restore', 'k3', '--yes');
    expect(outcome(restored)).toMatchObject({ code: 0 });
    expect(restored.stderr).toContain('A snapshot of the current data is taken first');
    expect(await file()).toBe('precious');
    const undo = await run('undo');
    expect(outcome(undo)).toMatchObject({ code: 0 });
    expect(undo.stderr).toMatch(/Undoing snapshot restore k3 of .*: restoring snapshot auto-/);
    expect(await file()).toBe('replaced-by-restore');
    const again = await run('undo');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('Nothing more to undo: the last change (snapshot restore k3 of');
    expect(await file()).toBe('replaced-by-restore');
  });
});

async function readdirSafe(path: string): Promise<string[]> {
  return (await import('node:fs/promises')).readdir(path).catch(() => []);
}

/** The CLI under script(1), which gives it a pseudo-terminal; input is typed into it as a person would. */
function inTerminal(args: string[]) {
  const { CI: _ci, ...rest } = process.env;
  const line = ['stty', 'rows', '45', 'cols', '160;', 'exec', 'node', bin, ...args].join(' ');
  const child = spawn('script', ['-qfec', line, '/dev/null'], { cwd: dir, env: { ...rest, ...env, NO_COLOR: '1', TERM: 'xterm' } });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, done };
}
