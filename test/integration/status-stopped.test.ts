import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, docker, project, projectContainers, waitFor } from './helpers.js';

function row(table: string, service: string): string {
  return table.split('\n').find((line) => line.startsWith(`${service} `)) ?? '';
}

describe('status of a stopped service and a crashed one', () => {
  const { dir, name } = project('stopped');
  afterAll(() => cleanup(name));

  it('a service stopped cleanly reads "stopped" with no health; one that exited by itself keeps its code', async () => {
    expect((await devstack(['up', '-d', '-p', name], dir)).code).toBe(0);
    let exited = false;
    const crash = (await projectContainers(name)).find((c) => c.Labels['dev.devstack.service'] === 'crash')!;
    const poll = setInterval(
      () =>
        void docker
          .getContainer(crash.Id)
          .inspect()
          .then((i) => (exited = i.State.Status === 'exited')),
      200,
    );
    await waitFor(() => exited, 30_000).finally(() => clearInterval(poll));

    expect((await devstack(['stop', 'web', '-p', name], dir)).code).toBe(0);
    const web = (await projectContainers(name)).find((c) => c.Labels['dev.devstack.service'] === 'web')!;
    expect((await docker.getContainer(web.Id).inspect()).State.ExitCode).toBe(137);

    const { code, stdout } = await devstack(['status', '-p', name], dir);
    expect(code).toBe(0);
    expect(row(stdout, 'web')).toMatch(/^web\s+stopped\s+dev\s*$/);
    expect(row(stdout, 'crash')).toMatch(/^crash\s+exited \(3\)\s+dev\s*$/);
  });

  it('a service that answers the stop with exit 0 reads "stopped" after `devstack stop`, and running once started again', async () => {
    expect((await devstack(['up', '-d', 'polite', '-p', name], dir)).code).toBe(0);
    expect((await devstack(['stop', 'polite', '-p', name], dir)).code).toBe(0);
    const polite = (await projectContainers(name)).find((c) => c.Labels['dev.devstack.service'] === 'polite')!;
    expect((await docker.getContainer(polite.Id).inspect()).State.ExitCode).toBe(0);
    expect(row((await devstack(['status', '-p', name], dir)).stdout, 'polite')).toMatch(/^polite\s+stopped\s+dev\s*$/);
    expect((await devstack(['up', '-d', 'polite', '-p', name], dir)).code).toBe(0);
    expect(row((await devstack(['status', '-p', name], dir)).stdout, 'polite')).toMatch(/^polite\s+running\s/);
  });

  it('a container stopped with `docker stop` reads the same', async () => {
    expect((await devstack(['up', '-d', 'web', '-p', name], dir)).code).toBe(0);
    const web = (await projectContainers(name)).find((c) => c.Labels['dev.devstack.service'] === 'web')!;
    await docker.getContainer(web.Id).stop({ t: 1 });
    const { stdout } = await devstack(['status', '-p', name], dir);
    expect(row(stdout, 'web')).toMatch(/^web\s+stopped\s+dev\s*$/);
  });
});
