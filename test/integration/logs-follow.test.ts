import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, project, projectContainers, start, waitFor } from './helpers.js';

const { dir, name } = project('log-counter');

describe('logs --follow', { timeout: 120_000 }, () => {
  afterAll(() => cleanup(name));

  it('follows across a restart and a recreate losing and repeating no line, picks up a service started later, and exits 0 on Ctrl-C', async () => {
    expect((await devstack(['up', '-p', name, 'counter'], dir)).code).toBe(0);
    const follow = start(['logs', '-p', name, '-f', '--json'], dir);
    let stdout = '';
    follow.child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    const numbers = () => [...stdout.matchAll(/"message":"line-(\d+)"/g)].map((m) => Number(m[1]));
    const moreThan = async (count: number) => waitFor(() => numbers().length >= count, 30_000);

    await moreThan(10);
    const firstId = (await projectContainers(name))[0]!.Id;
    expect((await devstack(['restart', '-p', name, 'counter'], dir)).code).toBe(0);
    const afterRestart = numbers().length;
    await moreThan(afterRestart + 10);

    expect((await devstack(['up', '-p', name, '--force-recreate', 'counter'], dir)).code).toBe(0);
    const recreated = (await projectContainers(name)).find((c) => c.Labels['dev.devstack.service'] === 'counter')!;
    expect(recreated.Id).not.toBe(firstId);
    const afterRecreate = numbers().length;
    await moreThan(afterRecreate + 10);

    expect((await devstack(['up', '-p', name, 'late'], dir)).code).toBe(0);
    await waitFor(() => stdout.includes('"service":"late","stream":"stdout"'), 30_000);
    expect(stdout).toContain('"message":"late-started"');

    follow.child.kill('SIGINT');
    const result = await follow.done;
    expect(result.code).toBe(0);

    const seen = numbers();
    // The count lives in a volume and goes on across both: any gap or repeat is a line we lost or doubled.
    expect(seen.length).toBeGreaterThan(30);
    const broken = seen.flatMap((n, i) => (i > 0 && n !== seen[i - 1]! + 1 ? [`${seen[i - 1]} -> ${n}`] : []));
    expect(broken).toEqual([]);
  });
});
