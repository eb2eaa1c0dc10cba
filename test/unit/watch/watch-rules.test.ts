import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WatchRule } from '../../../src/model/stack.js';
import { gitignoreToDockerignore, NEVER_WATCHED, pathFilter } from '../../../src/watch/ignore.js';
import { activeRules, covers, planBatch, targetOf, type ActiveRule } from '../../../src/watch/watch-rules.js';
import { service, stack } from '../support/stack.js';

const at = { file: '/p/devstack.yml', line: 1, column: 1 };
function rule(fields: Partial<WatchRule>): WatchRule {
  return { action: 'sync', path: '/p/src', target: '/app', ignore: [], initialSync: false, at, ...fields };
}
function active(r: WatchRule): ActiveRule {
  return { service: 'web', rule: r, implicit: false, ignored: pathFilter(r.path, [{ base: r.path, patterns: r.ignore }]) };
}

describe('rule matching', () => {
  it('maps host paths under a sync rule to container paths', () => {
    expect(targetOf(rule({}), '/p/src/a/b.js')).toBe('/app/a/b.js');
    expect(targetOf(rule({ path: '/p/conf.ini', target: '/etc/app.ini' }), '/p/conf.ini')).toBe('/etc/app.ini');
    expect(covers(rule({}), '/p/src')).toBe(true);
    expect(covers(rule({}), '/p/srcx/a')).toBe(false);
    expect(covers(rule({}), '/p/other')).toBe(false);
  });

  it('rebuild wins over sync, and a manifest change rebuilds a service that can build', () => {
    const sync = active(rule({}));
    const rebuild = active(rule({ action: 'rebuild', path: '/p/Dockerfile' }));
    expect(planBatch([sync, rebuild], ['/p/src/a.js', '/p/Dockerfile'], true)).toMatchObject({ action: 'rebuild', paths: ['/p/Dockerfile', '/p/src/a.js'] });
    expect(planBatch([sync], ['/p/src/package.json'], true)).toMatchObject({ action: 'rebuild', reason: 'package.json changed' });
    expect(planBatch([sync], ['/p/src/package.json'], false)).toMatchObject({ action: 'sync' });
  });

  it('runs a restart and each exec once for a batch however many files it has', () => {
    const restart = active(rule({ action: 'sync+restart' }));
    const exec = active(rule({ action: 'sync+exec', exec: { command: ['true'], environment: {} } }));
    const plan = planBatch([restart, exec], ['/p/src/a', '/p/src/b', '/p/src/c'], false);
    expect(plan).toMatchObject({ action: 'sync', restart: true });
    expect(plan.action === 'sync' && plan.execs).toHaveLength(1);
    expect(plan.action === 'sync' && plan.syncs.map((s) => s.paths.length)).toEqual([3, 3]);
  });

  it('ignored paths trigger nothing', () => {
    const sync = active(rule({ ignore: ['*.tmp', 'cache'] }));
    expect(
      planBatch([sync], ['/p/src/x.tmp', '/p/src/cache/y', '/p/src/node_modules/z.js', '/p/src/.git/HEAD', '/p/src/a.js.swp', '/p/elsewhere'], true),
    ).toEqual({ action: 'none' });
  });

  it('property: nothing under a never-watched folder matches, unless the rule itself lies inside one', () => {
    const segment = fc.stringMatching(/^[a-z]{1,6}$/);
    fc.assert(
      fc.property(
        fc.array(segment, { maxLength: 3 }),
        fc.constantFrom(...NEVER_WATCHED),
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        (before, skipped, after) => {
          const inside = join('/p/src', ...before, skipped, ...after);
          expect(planBatch([active(rule({}))], [inside], false)).toEqual({ action: 'none' });
          const named = rule({ path: join('/p/src', ...before, skipped) });
          expect(planBatch([active(named)], [inside], false).action).toBe('sync');
        },
      ),
    );
  });
});

describe('ignore files', () => {
  it('reads .gitignore the way git does: unanchored names match at any depth', () => {
    expect(gitignoreToDockerignore(['# c', '', '*.log', '/only-root', 'dir/', 'a/b', '!keep.log', '  '])).toEqual([
      '**/*.log',
      'only-root',
      '**/dir',
      'a/b',
      '!**/keep.log',
    ]);
    const filter = pathFilter('/p', [{ base: '/p', patterns: gitignoreToDockerignore(['*.log', '!keep.log', '/tmp']) }]);
    expect(filter('/p/a/b/x.log', false)).toBe(true);
    expect(filter('/p/a/keep.log', false)).toBe(false);
    expect(filter('/p/tmp', true)).toBe(false);
    expect(filter('/p/tmp/x', false)).toBe(true);
  });

  it('applies the build context .dockerignore and the gitignores, but never to the Dockerfile of a rebuild', () => {
    const dir = mkdtempSync(join(tmpdir(), 'devstack-rules-'));
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app/.dockerignore'), 'notes.txt\nDockerfile\n');
    writeFileSync(join(dir, '.gitignore'), '*.log\n');
    mkdirSync(join(dir, 'app/gen'));
    writeFileSync(join(dir, 'app/gen/.gitignore'), '*.pb.go\n');
    const s = stack([service('app', { build: { context: join(dir, 'app'), dockerfile: 'Dockerfile', args: {}, labels: {} } })], { projectDir: dir });
    const [implicit] = activeRules(s, 'app');
    expect(implicit!.rule).toMatchObject({ action: 'rebuild', path: join(dir, 'app') });
    expect(implicit!.implicit).toBe(true);
    const changed = (path: string) => planBatch([implicit!], [join(dir, path)], true).action;
    expect(changed('app/notes.txt')).toBe('none');
    expect(changed('app/debug.log')).toBe('none');
    expect(changed('app/Dockerfile')).toBe('rebuild');
    expect(changed('app/main.go')).toBe('rebuild');
    // A nested .gitignore speaks for its own folder only.
    expect(changed('app/gen/api.pb.go')).toBe('none');
    expect(changed('app/api.pb.go')).toBe('rebuild');
  });

  it('the implicit rebuild leaves out what is bind-mounted into the container, but not its manifests', () => {
    const dir = mkdtempSync(join(tmpdir(), 'devstack-rules-'));
    const build = { context: dir, dockerfile: 'Dockerfile', args: {}, labels: {} };
    // The built-in app-node profile: src/ mounted, node --watch reloads it.
    const node = stack([service('app', { build, volumes: [{ type: 'bind', source: join(dir, 'src'), target: '/app/src', readOnly: true }] })], {
      projectDir: dir,
    });
    const [nodeRule] = activeRules(node, 'app');
    const onNode = (path: string) => planBatch([nodeRule!], [join(dir, path)], true).action;
    expect(onNode('src/index.js')).toBe('none');
    expect(onNode('src/lib/db.js')).toBe('none');
    expect(nodeRule!.ignored(join(dir, 'src'), true)).toBe(true);
    expect(onNode('package.json')).toBe('rebuild');
    expect(onNode('server.js')).toBe('rebuild');
    expect(onNode('Dockerfile')).toBe('rebuild');
    // The app-go and app-python profiles mount the whole project: only manifests and the Dockerfile rebuild.
    const go = stack([service('app', { build, volumes: [{ type: 'bind', source: dir, target: '/app', readOnly: false }] })], { projectDir: dir });
    const [goRule] = activeRules(go, 'app');
    const onGo = (path: string) => planBatch([goRule!], [join(dir, path)], true).action;
    expect(onGo('main.go')).toBe('none');
    expect(onGo('internal/api/api.go')).toBe('none');
    expect(onGo('go.mod')).toBe('rebuild');
    expect(onGo('Dockerfile')).toBe('rebuild');
    // Rules the user wrote are theirs: a mount does not silence them.
    const written = stack(
      [
        service('app', {
          build,
          watch: [rule({ action: 'rebuild', path: join(dir, 'src') })],
          volumes: [{ type: 'bind', source: join(dir, 'src'), target: '/app/src', readOnly: true }],
        }),
      ],
      { projectDir: dir },
    );
    expect(planBatch(activeRules(written, 'app'), [join(dir, 'src/index.js')], true).action).toBe('rebuild');
  });

  it('a service with neither rules nor build: has nothing to watch', () => {
    expect(activeRules(stack([service('db')]), 'db')).toEqual([]);
  });
});
