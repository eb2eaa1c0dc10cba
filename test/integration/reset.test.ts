import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, docker, project } from './helpers.js';

const { dir, name } = project('reset');
// Two volumes db mounts that reset must never delete: one devstack did not make, one of another devstack project.
const canary = `${name}-canary`;
const neighbour = `${name}x_data`;
const env = { CANARY_VOLUME: canary, NEIGHBOUR_VOLUME: neighbour };
const run = (args: string[]) => devstack([...args, '-p', name], dir, env);

async function shIn(container: string, script: string): Promise<string> {
  const exec = await docker.getContainer(container).exec({ Cmd: ['sh', '-c', script], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    stream.on('data', (d: Buffer) => chunks.push(d));
    stream.on('end', () => {
      // Strip the 8-byte frame headers: these scripts print a few short lines.
      const all = Buffer.concat(chunks);
      let out = '';
      for (let at = 0; at + 8 <= all.length; at += 8 + all.readUInt32BE(at + 4)) out += all.subarray(at + 8, at + 8 + all.readUInt32BE(at + 4)).toString();
      done(out);
    });
  });
}

const containerId = async (service: string) => (await docker.getContainer(`${name}-${service}-1`).inspect()).Id;
const files = (dirInDb: string) => shIn(`${name}-db-1`, `ls -A ${dirInDb}`);

describe('reset', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await docker.createVolume({ Name: canary });
    await docker.createVolume({ Name: neighbour, Labels: { 'dev.devstack.project': `${name}x`, 'dev.devstack.project-dir': '/somewhere/else' } });
    expect((await run(['up'])).code).toBe(0);
    await shIn(`${name}-db-1`, 'echo precious > /data/file; echo c > /canary/file; echo n > /neighbour/file');
  });
  afterAll(async () => {
    await cleanup(name);
    for (const volume of [canary, neighbour])
      await docker
        .getVolume(volume)
        .remove()
        .catch(() => undefined);
  });

  it('without --volumes recreates the containers from scratch and keeps the data', async () => {
    const before = await containerId('db');
    const result = await run(['reset', 'd']);
    expect(result.code).toBe(0);
    expect(await containerId('db')).not.toBe(before);
    expect((await docker.getContainer(`${name}-db-1`).inspect()).State.Running).toBe(true);
    expect(await files('/data')).toBe('file\n');
  });

  it('--volumes without a terminal and without --yes lists the volume, refuses with exit 2 and changes nothing', async () => {
    const before = await containerId('db');
    const result = await run(['reset', '--volumes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`${name}_data\\s+\\d+(\\.\\d)? (B|kB)`));
    expect(result.stderr).toContain('--yes');
    expect(await containerId('db')).toBe(before);
    expect(await files('/data')).toBe('file\n');
  });

  it("--volumes --yes empties the project volume, and only it: the canary and the other project's volume survive", async () => {
    const result = await run(['reset', '--volumes', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Keeping volume ${canary}: external`);
    expect(result.stderr).toContain(`Keeping volume ${neighbour}: external`);
    expect(await files('/data')).toBe('');
    expect(await files('/canary')).toBe('file\n');
    expect(await files('/neighbour')).toBe('file\n');
    const volume = await docker.getVolume(`${name}_data`).inspect();
    expect(volume.Labels).toMatchObject({ 'dev.devstack.project': name, 'dev.devstack.project-dir': dir });
    for (const service of ['db', 'app']) expect((await docker.getContainer(`${name}-${service}-1`).inspect()).State.Running).toBe(true);
  });

  it('refuses, changing nothing, to delete a volume that a service left out of the reset also mounts', async () => {
    await shIn(`${name}-db-1`, 'echo again > /data/file');
    const before = await containerId('db');
    const result = await run(['reset', 'db', '--volumes', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Volume ${name}_data is also mounted by app`);
    expect(result.stderr).toContain(`devstack reset db app --volumes -p ${name}`);
    expect(await containerId('db')).toBe(before);
    expect(await files('/data')).toBe('file\n');
  });
});
