import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, load, problemsOf, project } from '../config/helpers.js';

describe('x-devstack.snapshots', () => {
  it('takes a folder relative to the project and a number of automatic snapshots to keep', async () => {
    const dir = await project({
      'devstack.yml': lines('x-devstack:', '  snapshots:', '    dir: ../backups', '    keep_automatic: 2', 'services:', '  db: {image: busybox}'),
    });
    expect((await load(dir)).snapshots).toEqual({ dir: join(dir, '..', 'backups'), keepAutomatic: 2 });
  });

  it('refuses a folder inside a build context, pointing at the line', async () => {
    const dir = await project({
      'devstack.yml': lines('x-devstack:', '  snapshots:', '    dir: ./snaps', 'services:', '  app:', '    build: .'),
      Dockerfile: 'FROM busybox\n',
    });
    const [problem] = await problemsOf(load(dir));
    expect(problem).toMatchObject({ line: 3, column: 10, path: 'x-devstack.snapshots.dir' });
    expect(problem!.message).toContain('inside the build context of service app');
    expect(problem!.hint).toContain('.devstack/snapshots');
  });

  it('accepts a .devstack folder inside a build context: builds never send it', async () => {
    const dir = await project({
      'devstack.yml': lines('x-devstack:', '  snapshots: {dir: .devstack/keep}', 'services:', '  app:', '    build: .'),
      Dockerfile: 'FROM busybox\n',
    });
    expect((await load(dir)).snapshots?.dir).toBe(join(dir, '.devstack', 'keep'));
  });

  it('reports unknown keys and a bad number', async () => {
    const dir = await project({ 'devstack.yml': lines('x-devstack:', '  snapshots:', '    folder: x', '    keep_automatic: many', 'services: {}') });
    const problems = await problemsOf(load(dir));
    expect(problems.map((p) => p.path)).toEqual(['x-devstack.snapshots.folder', 'x-devstack.snapshots.keep_automatic']);
  });
});
