import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, lines, load, problemsOf, project, PROFILES } from './helpers.js';

const FULL = join(FIXTURES, 'full');

describe('profiles and overrides', () => {
  it('merges profiles in listed order, then the project file', async () => {
    const stack = await load(FULL);
    expect(stack.files).toEqual([join(PROFILES, 'postgres.yml'), join(FULL, 'ops/extra.yml'), join(FULL, 'devstack.yml')]);
    expect(Object.keys(stack.services)).toEqual(['postgres', 'worker', 'api']);
  });

  it('lets the project override any field of a profile service, merging mappings deeply', async () => {
    const { postgres } = (await load(FULL)).services;
    expect(postgres).toMatchObject({
      image: 'pgvector/pgvector:pg16',
      healthcheck: { test: ['CMD-SHELL', 'pg_isready -U postgres'], intervalMs: 2000, retries: 30 },
    });
  });

  it('merges environment and labels by key, whatever form each file used', async () => {
    const { postgres } = (await load(FULL)).services;
    expect(postgres?.environment).toEqual({ POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'from-dotenv' });
    expect(postgres?.labels).toEqual({ tier: 'data', owner: 'project' });
  });

  it('replaces a profile’s lists with the project’s instead of appending', async () => {
    const { postgres } = (await load(FULL)).services;
    expect(postgres?.ports).toEqual([{ hostIp: '127.0.0.1', hostPort: 15432, containerPort: 5432, protocol: 'tcp' }]);
  });

  it('resolves relative paths in a profile against the profile’s folder', async () => {
    const { postgres, worker } = (await load(FULL)).services;
    expect(postgres?.volumes).toEqual([
      { type: 'volume', source: 'full_pgdata', target: '/var/lib/postgresql/data', readOnly: false },
      { type: 'bind', source: join(PROFILES, 'postgres/init.sql'), target: '/docker-entrypoint-initdb.d/init.sql', readOnly: true },
    ]);
    expect(worker?.build).toEqual({ context: join(FULL, 'worker'), dockerfile: 'Dockerfile.dev', args: {}, labels: {} });
    // env_file too; the explicit environment wins over it.
    expect(worker?.environment).toEqual({ QUEUE: 'explicit', CONCURRENCY: '4' });
  });

  it('resolves relative paths in the project file against the project dir', async () => {
    const { api } = (await load(FULL)).services;
    expect(api?.build?.context).toBe(join(FULL, 'api'));
  });

  it('feeds .env into interpolation and bare environment names; the process environment wins', async () => {
    const fromDotenv = (await load(FULL)).services;
    expect(fromDotenv.api?.environment).toEqual({ DATABASE_URL: 'postgres://postgres:from-dotenv@postgres/app', API_TOKEN: 'tok-123' });
    const fromShell = (await load(FULL, { env: { POSTGRES_PASSWORD: 'from-shell' } })).services;
    expect(fromShell.api?.environment.DATABASE_URL).toBe('postgres://postgres:from-shell@postgres/app');
    expect(fromShell.postgres?.environment.POSTGRES_PASSWORD).toBe('from-shell');
  });

  it('counts values of secret-named variables, in .env and in the services, as secrets', async () => {
    expect((await load(FULL)).secretValues).toEqual(['from-dotenv', 'tok-123']);
    expect((await load(FULL, { env: { POSTGRES_PASSWORD: 'from-shell' } })).secretValues).toEqual(['from-dotenv', 'tok-123', 'from-shell']);
  });

  it("applies a second -f file by Compose's rules: mappings merge, lists append, unique by key", async () => {
    const { api } = (await load(FULL, { files: ['devstack.yml', 'override.yml'] })).services;
    expect(api?.environment).toEqual({ DATABASE_URL: 'postgres://postgres:from-dotenv@postgres/app', API_TOKEN: 'tok-123', LOG_LEVEL: 'debug' });
    expect(api?.ports).toEqual([
      { hostIp: '127.0.0.1', hostPort: 3000, containerPort: 3000, protocol: 'tcp' },
      { hostIp: '127.0.0.1', hostPort: 4000, containerPort: 3000, protocol: 'tcp' },
    ]);
    expect(api?.dependsOn).toEqual({ postgres: { condition: 'service_healthy', restart: false, required: true } });
  });

  it('keeps a profile’s value when the override only declares the key', async () => {
    const dir = await project({ 'devstack.yml': lines('profiles: [postgres]', 'volumes:', '  pgdata:', 'services:', '  postgres:') });
    const stack = await load(dir);
    expect(stack.services.postgres?.image).toBe('pgvector/pgvector:pg16');
    expect(Object.keys(stack.volumes)).toEqual(['pgdata']);
  });
});

describe('profile problems', () => {
  it('lists the built-in profiles for an unknown name, with a did-you-mean', async () => {
    const dir = await project({ 'devstack.yml': lines('profiles:', '  - redis', '  - postgress', '  - mysql') });
    const problems = await problemsOf(load(dir));
    expect(problems).toEqual([
      {
        file: join(dir, 'devstack.yml'),
        line: 3,
        column: 5,
        path: 'profiles[1]',
        message: 'unknown profile "postgress"',
        hint: 'did you mean "postgres"? built-in profiles: postgres, redis',
      },
      {
        file: join(dir, 'devstack.yml'),
        line: 4,
        column: 5,
        path: 'profiles[2]',
        message: 'unknown profile "mysql"',
        hint: 'built-in profiles: postgres, redis',
      },
    ]);
  });

  it('reports a profile path that does not exist, relative to the file naming it', async () => {
    const dir = await project({ 'devstack.yml': lines('profiles: [./ops/missing.yml]') });
    expect(await problemsOf(load(dir))).toEqual([
      {
        file: join(dir, 'devstack.yml'),
        line: 1,
        column: 12,
        path: 'profiles[0]',
        message: `profile file not found: ${join(dir, 'ops/missing.yml')}`,
        hint: 'a profile path is relative to the file that lists it',
      },
    ]);
  });

  it('points problems in a profile at the profile file', async () => {
    const profiles = await project({
      'broken.yml': lines('name: nope', 'services:', '  cache:', '    image: redis:${REDIS_VERSION}', '    prots: ["6379"]'),
    });
    const dir = await project({ 'devstack.yml': lines('profiles: [broken]') });
    const problems = await problemsOf(load(dir, { builtinProfilesDir: profiles }));
    const file = join(profiles, 'broken.yml');
    expect(problems).toEqual([
      { file, line: 1, column: 1, path: 'name', message: 'unknown key "name"', hint: 'valid keys here: services, volumes' },
      {
        file,
        line: 4,
        column: 12,
        path: 'services.cache.image',
        message: 'variable REDIS_VERSION is not set',
        hint: 'set REDIS_VERSION in the environment or .env, or write ${REDIS_VERSION:-default}',
      },
      { file, line: 5, column: 5, path: 'services.cache.prots', message: 'unknown key "prots"', hint: 'did you mean "ports"?' },
    ]);
  });

  it('points a problem at the file whose value won the merge', async () => {
    const dir = await project({ 'devstack.yml': lines('profiles: [redis]', 'services:', '  redis:', '    command: sh -c "unclosed') });
    expect(await problemsOf(load(dir))).toEqual([
      expect.objectContaining({ file: join(dir, 'devstack.yml'), line: 4, column: 14, path: 'services.redis.command' }),
    ]);
  });
});
