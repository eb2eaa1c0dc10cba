import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, load, problemsOfYaml, project } from './helpers.js';

const stack = (...build: string[]) =>
  lines(
    'secrets:',
    '  npmrc:',
    '    file: ./secrets/npmrc',
    '  token:',
    '    environment: NPM_TOKEN',
    'services:',
    '  app:',
    '    build:',
    '      context: .',
    ...build.map((l) => `      ${l}`),
  );

describe('the build: keys BuildKit carries', () => {
  it('reads secrets (short and long form) from the top-level secrets:, with where each is declared; no value is read', async () => {
    const dir = await project({ 'devstack.yml': stack('secrets:', '  - npmrc', '  - source: token', '    target: api_token') });
    const build = (await load(dir, { env: { NPM_TOKEN: 'do-not-read-me' } })).services.app!.build!;
    expect(build.secrets).toEqual([
      { id: 'npmrc', source: { file: join(dir, 'secrets/npmrc') }, declaredAt: `${join(dir, 'devstack.yml')}:2:3` },
      { id: 'api_token', source: { environment: 'NPM_TOKEN' }, declaredAt: `${join(dir, 'devstack.yml')}:4:3` },
    ]);
    expect(JSON.stringify(build)).not.toContain('do-not-read-me');
  });

  it('reads ssh, network, extra_hosts (list and mapping), shm_size, cache_from, no_cache, pull and x-devstack.builder', async () => {
    const dir = await project({
      'devstack.yml': stack(
        'ssh: [default, "deploy=./keys/id"]',
        'network: host',
        'extra_hosts: ["a.test:10.0.0.1", "b.test=10.0.0.2"]',
        'shm_size: 256m',
        'cache_from: [app:cache]',
        'no_cache: true',
        'pull: true',
        'x-devstack:',
        '  builder: legacy',
      ),
    });
    const build = (await load(dir)).services.app!.build!;
    expect(build.ssh).toEqual([
      { id: 'default', paths: [], declaredAt: expect.stringMatching(/devstack\.yml:10:13$/) },
      { id: 'deploy', paths: [join(dir, 'keys/id')], declaredAt: expect.stringMatching(/devstack\.yml:10:22$/) },
    ]);
    expect(build).toMatchObject({
      network: 'host',
      extraHosts: ['a.test:10.0.0.1', 'b.test:10.0.0.2'],
      shmSizeBytes: 256 * 1024 * 1024,
      cacheFrom: ['app:cache'],
      noCache: true,
      pull: true,
      builder: 'legacy',
    });
    const mapped = (await load(await project({ 'devstack.yml': stack('extra_hosts:', '  c.test: 10.0.0.3') }))).services.app!.build!;
    expect(mapped.extraHosts).toEqual(['c.test:10.0.0.3']);
  });

  it('a build secret not declared at the top is a file:line:col error naming the declared ones', async () => {
    expect(await problemsOfYaml(stack('secrets: [npmrcc]'))).toEqual([
      {
        file: 'devstack.yml',
        line: 10,
        column: 17,
        path: 'services.app.build.secrets[0]',
        message: 'secret "npmrcc" is not declared under the top-level secrets:',
        hint: 'declared: npmrc, token',
      },
    ]);
  });

  it('a top-level secret needs exactly one of file: and environment:; an unknown builder and a bad shm_size are errors', async () => {
    const problems = await problemsOfYaml(
      lines(
        'secrets:',
        '  both: {file: ./a, environment: A}',
        'services:',
        '  app:',
        '    build:',
        '      context: .',
        '      shm_size: lots',
        '      x-devstack: {builder: kaniko}',
      ),
    );
    expect(problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '2:3 secrets.both: secret "both" needs exactly one of file: or environment:',
      '7:17 services.app.build.shm_size: invalid size "lots"',
      '8:29 services.app.build.x-devstack.builder: unknown builder "kaniko"',
    ]);
  });

  it('cache_to is said to be unsupported (the engine API exports no cache), not silently dropped', async () => {
    const problems = await problemsOfYaml(stack('cache_to: [type=local,dest=/tmp/c]'), { strict: true });
    expect(problems).toEqual([expect.objectContaining({ path: 'services.app.build.cache_to', line: 10 })]);
  });
});
