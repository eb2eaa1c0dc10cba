import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../../src/model/stack.js';
import { lines, loadYaml, project, load } from './helpers.js';

/** Loads one service `s` with the given extra lines (indented under it) and returns it. */
async function service(body: string[], top: string[] = [], env: Record<string, string> = {}): Promise<ServiceSpec> {
  const stack = await loadYaml(lines(...top, 'services:', '  s:', '    image: alpine', ...body.map((line) => `    ${line}`)), {
    env: { HOME: '/home/dev', ...env },
  });
  return stack.services.s!;
}

describe('ports', () => {
  const tcp = (containerPort: number, hostPort?: number, hostIp = '127.0.0.1') => ({
    hostIp,
    containerPort,
    protocol: 'tcp',
    ...(hostPort ? { hostPort } : {}),
  });
  it.each([
    ['"80"', [tcp(80)]],
    ['80', [tcp(80)]],
    ['"8080:80"', [tcp(80, 8080)]],
    ['"127.0.0.1:8080:80"', [tcp(80, 8080)]],
    ['"0.0.0.0:8080:80"', [tcp(80, 8080, '0.0.0.0')]],
    ['"127.0.0.1::80"', [tcp(80)]],
    ['"[::1]:8080:80"', [tcp(80, 8080, '::1')]],
    ['"8080:80/udp"', [{ ...tcp(80, 8080), protocol: 'udp' }]],
    ['"5000/sctp"', [{ ...tcp(5000), protocol: 'sctp' }]],
    ['"8000-8002:9000-9002"', [tcp(9000, 8000), tcp(9001, 8001), tcp(9002, 8002)]],
    ['"9000-9001"', [tcp(9000), tcp(9001)]],
    ['{target: 80}', [tcp(80)]],
    ['{target: 80, published: 8080}', [tcp(80, 8080)]],
    ['{target: "80", published: "8080", host_ip: 0.0.0.0, protocol: udp}', [{ ...tcp(80, 8080, '0.0.0.0'), protocol: 'udp' }]],
  ])('%s', async (port, expected) => {
    expect((await service([`ports: [${port}]`])).ports).toEqual(expected);
  });

  it('publishes on 127.0.0.1 unless an address is written', async () => {
    const { ports } = await service(['ports: ["3000:3000", {target: 4000, published: 4000}]']);
    expect(ports.map((port) => port.hostIp)).toEqual(['127.0.0.1', '127.0.0.1']);
  });
});

describe('volumes of a service', () => {
  const top = ['volumes:', '  data:', '  shared:', '    external: true', '    name: team-shared'];
  it.each([
    ['data:/var/data', { type: 'volume', source: 'p_data', target: '/var/data', readOnly: false }],
    ['data:/var/data:ro', { type: 'volume', source: 'p_data', target: '/var/data', readOnly: true }],
    ['shared:/s:rw', { type: 'volume', source: 'team-shared', target: '/s', readOnly: false }],
    ['./src:/app/src', { type: 'bind', source: '<dir>/src', target: '/app/src', readOnly: false }],
    ['../sibling:/x:ro,z', { type: 'bind', source: '<parent>/sibling', target: '/x', readOnly: true }],
    ['.:/app', { type: 'bind', source: '<dir>', target: '/app', readOnly: false }],
    ['/etc/hosts:/etc/hosts:ro', { type: 'bind', source: '/etc/hosts', target: '/etc/hosts', readOnly: true }],
    ['~/.npmrc:/root/.npmrc', { type: 'bind', source: '/home/dev/.npmrc', target: '/root/.npmrc', readOnly: false }],
    ['{type: volume, source: data, target: /d, read_only: true}', { type: 'volume', source: 'p_data', target: '/d', readOnly: true }],
    ['{type: bind, source: ./conf, target: /conf}', { type: 'bind', source: '<dir>/conf', target: '/conf', readOnly: false }],
    ['{type: tmpfs, target: /tmp}', { type: 'tmpfs', target: '/tmp' }],
    ['{type: tmpfs, target: /tmp, tmpfs: {size: 64m}}', { type: 'tmpfs', target: '/tmp', sizeBytes: 64 * 1024 ** 2 }],
    ['{type: tmpfs, target: /tmp, tmpfs: {size: 1000}}', { type: 'tmpfs', target: '/tmp', sizeBytes: 1000 }],
  ])('%s', async (mount, expected) => {
    const dir = await project({ 'devstack.yml': lines('name: p', ...top, 'services:', '  s:', '    image: alpine', '    volumes:', `      - ${mount}`) });
    const stack = await load(dir);
    const withDirs = JSON.parse(
      JSON.stringify(expected)
        .replaceAll('<dir>', dir)
        .replaceAll('<parent>', dir.slice(0, dir.lastIndexOf('/'))),
    );
    expect(stack.services.s?.volumes).toEqual([withDirs]);
  });

  it('names project volumes <project>_<key>, external ones by name: or key', async () => {
    const stack = await loadYaml(
      lines(
        'name: p',
        'volumes:',
        '  a: {}',
        '  b:',
        '    labels: [x=1]',
        '  c: {external: true}',
        '  d: {external: true, name: real-d}',
        '  e: {name: custom}',
      ),
    );
    expect(stack.volumes).toEqual({
      a: { key: 'a', name: 'p_a', external: false, labels: {} },
      b: { key: 'b', name: 'p_b', external: false, labels: { x: '1' } },
      c: { key: 'c', name: 'c', external: true, labels: {} },
      d: { key: 'd', name: 'real-d', external: true, labels: {} },
      e: { key: 'e', name: 'custom', external: false, labels: {} },
    });
  });
});

describe('environment, labels, env_file', () => {
  it('reads the list form, taking a bare name from the environment and leaving it out when unset', async () => {
    const s = await service(['environment:', '  - A=1', '  - B=x=y', '  - C=', '  - FROM_ENV', '  - NOT_SET'], [], { FROM_ENV: 'env-value' });
    expect(s.environment).toEqual({ A: '1', B: 'x=y', C: '', FROM_ENV: 'env-value' });
  });

  it('reads the map form, stringifying numbers as written and booleans as true/false', async () => {
    const s = await service(['environment:', '  INT: 5432', '  FLOAT: 1.10', '  BOOL: true', '  NULL_FROM_ENV:', '  STR: "x"'], [], { NULL_FROM_ENV: 'e' });
    expect(s.environment).toEqual({ INT: '5432', FLOAT: '1.10', BOOL: 'true', NULL_FROM_ENV: 'e', STR: 'x' });
  });

  it('reads labels in both forms; a bare label is empty', async () => {
    expect((await service(['labels: [a=1, b]'])).labels).toEqual({ a: '1', b: '' });
    expect((await service(['labels: {a: 1, b: on}'])).labels).toEqual({ a: '1', b: 'on' });
  });

  it('adds env_file values in order, explicit environment winning', async () => {
    const dir = await project({
      'devstack.yml': lines('services:', '  s:', '    image: alpine', '    env_file: [one.env, conf/two.env]', '    environment: {C: explicit}'),
      'one.env': lines('A=1', 'B=1', 'C=1'),
      'conf/two.env': lines('B=2'),
    });
    expect((await load(dir)).services.s?.environment).toEqual({ A: '1', B: '2', C: 'explicit' });
  });

  it('accepts env_file as a single string', async () => {
    const dir = await project({ 'devstack.yml': lines('services:', '  s:', '    image: alpine', '    env_file: app.env'), 'app.env': 'X=1\n' });
    expect((await load(dir)).services.s?.environment).toEqual({ X: '1' });
  });
});

describe('build', () => {
  it('takes a string as the context', async () => {
    const dir = await project({ 'devstack.yml': lines('services:', '  s:', '    build: ./app') });
    expect((await load(dir)).services.s?.build).toEqual({ context: `${dir}/app`, dockerfile: 'Dockerfile', args: {}, labels: {} });
  });

  it('reads the long form, with args as a list or a map', async () => {
    const dir = await project({
      'devstack.yml': lines(
        'services:',
        '  s:',
        '    build:',
        '      context: app',
        '      dockerfile: dev.Dockerfile',
        '      target: dev',
        '      args: [A=1, FROM_ENV]',
        '      labels: {l: v}',
      ),
    });
    expect((await load(dir, { env: { FROM_ENV: 'e' } })).services.s?.build).toEqual({
      context: `${dir}/app`,
      dockerfile: 'dev.Dockerfile',
      target: 'dev',
      args: { A: '1', FROM_ENV: 'e' },
      labels: { l: 'v' },
    });
    const { services } = await load(await project({ 'devstack.yml': lines('services:', '  s:', '    build: {args: {N: 1}}') }));
    expect(services.s?.build?.args).toEqual({ N: '1' });
  });
});

describe('command and entrypoint', () => {
  it.each([
    ['command: npm run dev', ['npm', 'run', 'dev']],
    ['command: sh -c "echo a && echo b"', ['sh', '-c', 'echo a && echo b']],
    ["command: ['node', 'server.js', 8080]", ['node', 'server.js', '8080']],
    ['command: ""', []],
  ])('%s', async (line, expected) => {
    expect((await service([line])).command).toEqual(expected);
  });

  it('reads entrypoint the same way', async () => {
    expect((await service(['entrypoint: /bin/sh -c \'exec "$$@"\''])).entrypoint).toEqual(['/bin/sh', '-c', 'exec "$@"']);
  });
});

describe('healthcheck', () => {
  it.each([
    ['{test: curl -f localhost}', { test: ['CMD-SHELL', 'curl -f localhost'] }],
    ['{test: [CMD, pg_isready]}', { test: ['CMD', 'pg_isready'] }],
    ['{test: [CMD-SHELL, "pg_isready || exit 1"]}', { test: ['CMD-SHELL', 'pg_isready || exit 1'] }],
    ['{test: [NONE]}', { test: ['NONE'] }],
    ['{disable: true}', { test: ['NONE'] }],
    [
      '{test: [CMD, x], interval: 1m30s, timeout: 500ms, start_period: 1h, retries: 5}',
      { test: ['CMD', 'x'], intervalMs: 90_000, timeoutMs: 500, startPeriodMs: 3_600_000, retries: 5 },
    ],
  ])('%s', async (healthcheck, expected) => {
    expect((await service([`healthcheck: ${healthcheck}`])).healthcheck).toEqual(expected);
  });
});

describe('depends_on', () => {
  it('reads the list form with Compose defaults', async () => {
    const stack = await loadYaml(lines('services:', '  a: {image: x, depends_on: [b]}', '  b: {image: x}'));
    expect(stack.services.a?.dependsOn).toEqual({ b: { condition: 'service_started', restart: false, required: true } });
  });

  it('reads the map form', async () => {
    const stack = await loadYaml(
      lines(
        'services:',
        '  a:',
        '    image: x',
        '    depends_on:',
        '      b: {condition: service_completed_successfully, restart: true, required: false}',
        '      c:',
        '  b: {image: x}',
        '  c: {image: x}',
      ),
    );
    expect(stack.services.a?.dependsOn).toEqual({
      b: { condition: 'service_completed_successfully', restart: true, required: false },
      c: { condition: 'service_started', restart: false, required: true },
    });
  });
});

describe('other fields', () => {
  it.each([
    ['restart: "no"', { restart: 'no' }],
    ['restart: always', { restart: 'always' }],
    ['restart: unless-stopped', { restart: 'unless-stopped' }],
    ['restart: on-failure', { restart: 'on-failure' }],
    ['restart: on-failure:3', { restart: 'on-failure', restartMaxRetries: 3 }],
    ['user: "1000:1000"', { user: '1000:1000' }],
    ['user: 1000', { user: '1000' }],
    ['working_dir: /app', { workingDir: '/app' }],
    ['init: true', { init: true }],
    ['init: ${INIT:-false}', { init: false }],
    ['stop_signal: SIGINT', { stopSignal: 'SIGINT' }],
    ['stop_grace_period: 1m30s', { stopGracePeriodMs: 90_000 }],
    ['mem_limit: 536870912', { memLimitBytes: 536_870_912 }],
    ['mem_limit: 512m', { memLimitBytes: 512 * 1024 ** 2 }],
    ['mem_limit: 1g', { memLimitBytes: 1024 ** 3 }],
    ['mem_limit: 1.5GB', { memLimitBytes: 1.5 * 1024 ** 3 }],
    ['cpus: 1.5', { cpus: 1.5 }],
    ['cpus: "0.25"', { cpus: 0.25 }],
    ['develop: {watch: [{action: sync, path: ./src, target: /app/src}]}', { develop: { watch: [{ action: 'sync', path: './src', target: '/app/src' }] } }],
    ['x-devstack: {debug: {port: 9229}}', { extensions: { 'x-devstack': { debug: { port: 9229 } } } }],
  ])('%s', async (line, expected) => {
    expect(await service([line])).toMatchObject(expected);
  });

  it('leaves unset optional fields out and gives empty collections', async () => {
    expect(await service([])).toEqual({ name: 's', image: 'alpine', environment: {}, ports: [], volumes: [], dependsOn: {}, labels: {}, extensions: {} });
  });
});
