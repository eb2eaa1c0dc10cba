import { describe, expect, it } from 'vitest';
import { desiredContainer } from '../../../src/plan/desired-container.js';
import { lines, load, problemsOfYaml, project } from './helpers.js';

const STACK = lines(
  'services:',
  '  api:',
  '    build: {context: ., target: dev}',
  '    environment: {LOG: debug, PORT: "8080"}',
  '    volumes: [./src:/app/src, data:/data, /etc/ssl:/etc/ssl:ro]',
  '    develop: {watch: [{action: sync, path: ./src, target: /app/src}]}',
  '  db:',
  '    image: postgres:17',
  'volumes:',
  '  data:',
  'x-devstack:',
  '  modes:',
  '    prod:',
  '      services:',
  '        api:',
  '          environment: {LOG: warn}',
  '          read_only: true',
  '          tmpfs: [/tmp, "/run:size=16m"]',
  '          mem_limit: 256m',
  '          healthcheck: {test: ["CMD", "/app/healthz"], interval: 5s}',
  '    staging:',
  '      services:',
  '        db: {image: "postgres:17-staging"}',
);

describe('modes: x-devstack.modes overlays', () => {
  it('dev is the default: the stack as written, recorded as dev', async () => {
    const stack = await load(await project({ 'devstack.yml': STACK }));
    expect(stack.mode).toBe('dev');
    expect(stack.services.api!.build!.target).toBe('dev');
    expect(stack.services.api!.readOnly).toBeUndefined();
    expect(stack.services.api!.image).toBeUndefined();
  });

  it('prod merges its overlay like a second Compose file: mappings key by key, the rest replaced', async () => {
    const api = (await load(await project({ 'devstack.yml': STACK }), { mode: 'prod' })).services.api!;
    expect(api.environment).toEqual({ LOG: 'warn', PORT: '8080' });
    expect(api.readOnly).toBe(true);
    expect(api.tmpfs).toEqual([
      { type: 'tmpfs', target: '/tmp' },
      { type: 'tmpfs', target: '/run', sizeBytes: 16 * 1024 * 1024 },
    ]);
    expect(api.memLimitBytes).toBe(256 * 1024 * 1024);
    expect(api.healthcheck).toEqual({ test: ['CMD', '/app/healthz'], intervalMs: 5000 });
  });

  it('prod builds the final stage, drops mounts of the build context and watch rules, keeps volumes and other binds', async () => {
    const dir = await project({ 'devstack.yml': STACK });
    const stack = await load(dir, { mode: 'prod' });
    const api = stack.services.api!;
    expect(api.build!.target).toBeUndefined();
    expect(api.develop).toBeUndefined();
    expect(api.volumes.map((m) => `${m.type}:${m.target}`)).toEqual(['volume:/data', 'bind:/etc/ssl']);
    expect(api.image).toBe(`${stack.name}-api:prod`);
  });

  it('a stage the prod overlay names is kept', async () => {
    const yaml = STACK.replace('          read_only: true', '          read_only: true\n          build: {target: runtime}');
    const stack = await load(await project({ 'devstack.yml': yaml }), { mode: 'prod' });
    expect(stack.services.api!.build!.target).toBe('runtime');
  });

  it('a declared mode other than prod is only its overlay', async () => {
    const stack = await load(await project({ 'devstack.yml': STACK }), { mode: 'staging' });
    expect(stack.services.db!.image).toBe('postgres:17-staging');
    expect(stack.services.api!.build!.target).toBe('dev');
    expect(stack.services.api!.image).toBe(`${stack.name}-api:staging`);
  });

  it('the mode is part of every container config hash, so switching mode recreates', async () => {
    const dir = await project({ 'devstack.yml': STACK });
    const dev = await load(dir);
    const staging = await load(dir, { mode: 'staging' });
    const hash = (s: typeof dev, name: string) => desiredContainer(s, s.services[name]!).labels['dev.devstack.config-hash'];
    expect(hash(dev, 'api')).not.toBe(hash(staging, 'api'));
    expect(desiredContainer(staging, staging.services.api!).labels['dev.devstack.mode']).toBe('staging');
  });

  it('an undeclared mode is a problem at the modes block naming the known ones', async () => {
    const problems = await problemsOfYaml(STACK, { mode: 'qa' });
    expect(problems).toEqual([
      {
        file: 'devstack.yml',
        line: 13,
        column: 5,
        path: 'x-devstack.modes',
        message: 'mode "qa" is not declared',
        hint: 'declare it under x-devstack.modes.qa, or use one of: dev, prod, staging',
      },
    ]);
  });

  it('prod needs no declaration; an overlay with keys a Compose file cannot have is reported where written', async () => {
    const plain = lines('services:', '  web:', '    image: nginx');
    expect((await load(await project({ 'devstack.yml': plain }), { mode: 'prod' })).mode).toBe('prod');
    const bad = lines('services:', '  web:', '    image: nginx', 'x-devstack:', '  modes:', '    prod:', '      servces: {}');
    const problems = await problemsOfYaml(bad, { mode: 'prod' });
    expect(problems).toMatchObject([{ line: 7, column: 7, path: 'x-devstack.modes.prod.servces', message: 'unknown key "servces"' }]);
  });

  it('overlay values are validated like the stack: a bad field in the overlay points into the overlay', async () => {
    const yaml = STACK.replace('mem_limit: 256m', 'mem_limit: lots');
    const problems = await problemsOfYaml(yaml, { mode: 'prod' });
    expect(problems).toMatchObject([{ line: 19, path: 'services.api.mem_limit', message: 'invalid size "lots"' }]);
  });
});
