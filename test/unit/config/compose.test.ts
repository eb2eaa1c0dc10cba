import { describe, expect, it } from 'vitest';
import { composeView, goDuration } from '../../../src/model/compose-view.js';
import { lines, load, problemsOf, project } from './helpers.js';

const short = (problems: Array<{ file: string; line: number; column: number; message: string }>) =>
  problems.map((p) => `${p.file.split('/').pop()}:${p.line}:${p.column} ${p.message}`);

describe('file discovery', () => {
  it("finds Compose's file names in Compose's order, with the matching override file", async () => {
    const dir = await project({
      'docker-compose.yml': lines('services:', '  a: {image: busybox, environment: {FROM: docker-compose.yml}}'),
      'compose.yaml': lines('services:', '  a: {image: busybox, environment: {FROM: compose.yaml}}'),
      'compose.override.yml': lines('services:', '  a: {environment: {OVERRIDE: "yes"}}'),
    });
    const stack = await load(dir);
    expect(stack.files.map((file) => file.split('/').pop())).toEqual(['compose.yaml', 'compose.override.yml']);
    expect(stack.services.a!.environment).toEqual({ FROM: 'compose.yaml', OVERRIDE: 'yes' });
  });

  it('prefers devstack.yml and merges no Compose override file over it', async () => {
    const dir = await project({
      'devstack.yml': lines('services:', '  a: {image: busybox}'),
      'compose.yaml': lines('services:', '  b: {image: busybox}'),
      'compose.override.yml': lines('services:', '  a: {environment: {X: "1"}}'),
    });
    const stack = await load(dir);
    expect(Object.keys(stack.services)).toEqual(['a']);
    expect(stack.services.a!.environment).toEqual({});
  });

  it('honours COMPOSE_FILE (with COMPOSE_PATH_SEPARATOR) and COMPOSE_PROJECT_NAME, from the environment or .env', async () => {
    const dir = await project({
      'one.yml': lines('services:', '  a: {image: busybox}'),
      'two.yml': lines('services:', '  b: {image: busybox}'),
      '.env': 'COMPOSE_FILE=one.yml;two.yml\nCOMPOSE_PATH_SEPARATOR=;\nCOMPOSE_PROJECT_NAME=from-dotenv\n',
    });
    const stack = await load(dir);
    expect(Object.keys(stack.services)).toEqual(['a', 'b']);
    expect(stack.name).toBe('from-dotenv');
    expect((await load(dir, { env: { HOME: '/h', COMPOSE_PROJECT_NAME: 'from-env' } })).name).toBe('from-env');
    expect((await load(dir, { projectName: 'from-flag' })).name).toBe('from-flag');
  });

  it('reads --env-file instead of .env, and names a missing one', async () => {
    const dir = await project({
      'compose.yaml': lines('services:', '  a: {image: "busybox:${TAG}"}'),
      '.env': 'TAG=wrong\n',
      'ci.env': 'TAG=right\n',
    });
    expect((await load(dir, { envFiles: ['ci.env'] })).services.a!.image).toBe('busybox:right');
    expect(short(await problemsOf(load(dir, { envFiles: ['nope.env'] })))).toEqual(['nope.env:0:0 env file not found: ' + `${dir}/nope.env`]);
  });
});

describe('merging several files', () => {
  it('applies !reset and !override from a later file', async () => {
    const dir = await project({
      'a.yml': lines('services:', '  s:', '    image: busybox', '    ports: ["80:80"]', '    environment: {A: "1", B: "1"}', '    command: [sleep, "1"]'),
      'b.yml': lines('services:', '  s:', '    ports: !reset []', '    environment: !override {C: "3"}', '    command: !reset null'),
    });
    const s = (await load(dir, { files: ['a.yml', 'b.yml'] })).services.s!;
    expect(s.ports).toEqual([]);
    expect(s.environment).toEqual({ C: '3' });
    expect(s.command).toBeUndefined();
  });

  it('keeps lists Compose treats as sets unique by their key: ports, volumes by target', async () => {
    const dir = await project({
      'a.yml': lines('services:', '  s:', '    image: busybox', '    ports: ["80:80"]', '    volumes: ["./a:/data"]'),
      'b.yml': lines('services:', '  s:', '    ports: ["80:80", "81:81"]', '    volumes: ["./b:/data"]'),
    });
    const s = (await load(dir, { files: ['a.yml', 'b.yml'] })).services.s!;
    expect(s.ports.map((p) => p.hostPort)).toEqual([80, 81]);
    expect(s.volumes).toEqual([{ type: 'bind', source: `${dir}/b`, target: '/data', readOnly: false }]);
  });
});

describe('extends', () => {
  it('resolves a chain in one file and a base in another file, whose relative paths stay relative to it', async () => {
    const dir = await project({
      'compose.yaml': lines(
        'services:',
        '  web:',
        '    extends: {file: lib/base.yml, service: base}',
        '    environment: {ROLE: web}',
        '  worker:',
        '    extends: web',
        '    command: [work]',
      ),
      'lib/base.yml': lines('services:', '  base:', '    build: ./image', '    volumes: ["./conf:/conf:ro"]', '    environment: {ROLE: base, SHARED: "1"}'),
    });
    const { web, worker } = (await load(dir)).services;
    expect(web!.build!.context).toBe(`${dir}/lib/image`);
    expect(web!.volumes).toEqual([{ type: 'bind', source: `${dir}/lib/conf`, target: '/conf', readOnly: true }]);
    expect(web!.environment).toEqual({ ROLE: 'web', SHARED: '1' });
    expect(worker!.environment).toEqual({ ROLE: 'web', SHARED: '1' });
    expect(worker!.command).toEqual(['work']);
  });

  it('reports a cycle and a missing base with their positions', async () => {
    const dir = await project({
      'compose.yaml': lines('services:', '  a:', '    image: busybox', '    extends: b', '  b:', '    extends: a', '  c:', '    extends: nothere'),
    });
    expect(short(await problemsOf(load(dir)))).toEqual([
      'compose.yaml:4:5 extends makes a cycle: a -> b -> a',
      'compose.yaml:8:14 cannot extend service "c": service "nothere" not found',
    ]);
  });
});

describe('include', () => {
  it("adds the included project's services and volumes, paths relative to its own folder", async () => {
    const dir = await project({
      'compose.yaml': lines('include:', '  - infra/compose.yaml', 'services:', '  app: {image: busybox, depends_on: [cache]}'),
      'infra/compose.yaml': lines('services:', '  cache:', '    image: redis:8.0.2', '    volumes: [data:/data, ./conf:/conf]', 'volumes:', '  data:'),
    });
    const stack = await load(dir);
    expect(Object.keys(stack.services).sort()).toEqual(['app', 'cache']);
    expect(stack.services.cache!.volumes).toEqual([
      { type: 'volume', source: `${stack.name}_data`, target: '/data', readOnly: false },
      { type: 'bind', source: `${dir}/infra/conf`, target: '/conf', readOnly: false },
    ]);
  });

  it('reports a service defined twice and an include cycle at the include entry', async () => {
    const dir = await project({
      'compose.yaml': lines('include:', '  - other.yaml', 'services:', '  app: {image: busybox}'),
      'other.yaml': lines('include:', '  - compose.yaml', 'services:', '  app: {image: busybox}'),
    });
    const problems = short(await problemsOf(load(dir)));
    expect(problems.some((p) => /^other\.yaml:2:5 include makes a cycle/.test(p))).toBe(true);
  });

  it('accepts the same file included twice (a diamond), as Compose does', async () => {
    const dir = await project({
      'compose.yaml': lines('include: [x/compose.yaml, y/compose.yaml]', 'services:', '  app: {image: busybox}'),
      'x/compose.yaml': lines('include: [../common.yaml]', 'services:', '  x: {image: busybox}'),
      'y/compose.yaml': lines('include: [../common.yaml]', 'services:', '  y: {image: busybox}'),
      'common.yaml': lines('services:', '  shared: {image: redis:8.0.2}'),
    });
    expect(Object.keys((await load(dir)).services).sort()).toEqual(['app', 'shared', 'x', 'y']);
  });

  it('names a conflicting service', async () => {
    const dir = await project({
      'compose.yaml': lines('include:', '  - other.yaml', 'services:', '  app: {image: busybox}'),
      'other.yaml': lines('services:', '  app: {image: redis}'),
    });
    expect(short(await problemsOf(load(dir)))).toEqual([`compose.yaml:2:5 ${dir}/other.yaml defines services.app, which this file defines too`]);
  });
});

describe('service profiles', () => {
  const file = lines('services:', '  app: {image: busybox}', '  debug: {image: busybox, profiles: [debug]}', '  all: {image: busybox, profiles: [a, b]}');

  it('runs services without profiles always, others when --profile or COMPOSE_PROFILES names one', async () => {
    const dir = await project({ 'compose.yaml': file });
    expect(Object.keys((await load(dir)).services)).toEqual(['app']);
    expect(Object.keys((await load(dir, { serviceProfiles: ['debug'] })).services)).toEqual(['app', 'debug']);
    expect(Object.keys((await load(dir, { env: { HOME: '/h', COMPOSE_PROFILES: 'b,debug' } })).services)).toEqual(['app', 'debug', 'all']);
    expect(Object.keys((await load(dir, { serviceProfiles: ['*'] })).services)).toEqual(['app', 'debug', 'all']);
  });

  it('enables a service named on the command line whatever its profiles, as Compose does', async () => {
    const dir = await project({ 'compose.yaml': file });
    expect(Object.keys((await load(dir, { targets: ['debug'] })).services)).toEqual(['app', 'debug']);
  });

  it('says which profile to enable when an enabled service depends on a disabled one', async () => {
    const dir = await project({
      'compose.yaml': lines('services:', '  app: {image: busybox, depends_on: [debug]}', '  debug: {image: busybox, profiles: [debug]}'),
    });
    const [problem] = await problemsOf(load(dir));
    expect(problem).toMatchObject({
      line: 2,
      message: 'service "app" depends on "debug", which runs only with service profile debug',
      hint: 'add --profile debug, or set COMPOSE_PROFILES=debug',
    });
  });
});

describe('unsupported Compose keys', () => {
  const file = lines(
    'services:',
    '  app:',
    '    image: busybox',
    '    container_name: fixed',
    '    networks: [front]',
    '    imgae: typo',
    'networks:',
    '  front:',
  );

  it('are named in one warning with file:line:column; a key Compose does not know stays an error', async () => {
    const dir = await project({ 'compose.yaml': file });
    const warnings: string[] = [];
    const problems = await problemsOf(load(dir, { onWarning: (message) => warnings.push(message) }));
    expect(short(problems)).toEqual(['compose.yaml:6:5 unknown key "imgae"']);
    const ok = await project({ 'compose.yaml': file.replace('    imgae: typo\n', '') });
    await load(ok, { onWarning: (message) => warnings.push(message) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('3 Compose settings are not supported by devstack and will be ignored');
    expect(warnings[0]).toContain(`networks.front (${ok}/compose.yaml:7:3)`);
    expect(warnings[0]).toContain(`services.app.container_name (${ok}/compose.yaml:4:5)`);
    expect(warnings[0]).toContain(`services.app.networks (${ok}/compose.yaml:5:5)`);
  });

  it('include volume modes devstack does not apply (SELinux labels, nocopy)', async () => {
    const dir = await project({
      'compose.yaml': lines('services:', '  a:', '    image: busybox', '    volumes: ["./x:/x:ro,z", "data:/d:nocopy"]', 'volumes:', '  data:'),
    });
    const warnings: string[] = [];
    const { services } = await load(dir, { onWarning: (message) => warnings.push(message) });
    expect(services.a!.volumes.map((v) => (v.type === 'tmpfs' ? undefined : v.readOnly))).toEqual([true, false]);
    expect(warnings[0]).toContain(`services.a.volumes[0] volume mode "z" (${dir}/compose.yaml:4:15)`);
    expect(warnings[0]).toContain(`services.a.volumes[1] volume mode "nocopy" (${dir}/compose.yaml:4:30)`);
    expect(short(await problemsOf(load(dir, { strict: true })))).toEqual([
      'compose.yaml:4:15 volume mode "z" is not supported by devstack',
      'compose.yaml:4:30 volume mode "nocopy" is not supported by devstack',
    ]);
  });

  it('are errors with strict', async () => {
    const dir = await project({ 'compose.yaml': file.replace('    imgae: typo\n', '') });
    expect(short(await problemsOf(load(dir, { strict: true })))).toEqual([
      'compose.yaml:4:5 Compose key "container_name" is not supported by devstack',
      'compose.yaml:5:5 Compose key "networks" is not supported by devstack',
      'compose.yaml:7:3 network "front" is not supported by devstack (every service joins the project\'s default network)',
    ]);
  });
});

describe('unset variables', () => {
  it('are an error with file:line:column by default, "" with allowUnset', async () => {
    const dir = await project({ 'compose.yaml': lines('services:', '  app:', '    image: busybox', '    environment: {X: "[${NOPE}]"}') });
    expect(short(await problemsOf(load(dir)))).toEqual(['compose.yaml:4:22 variable NOPE is not set']);
    expect((await load(dir, { allowUnset: true })).services.app!.environment).toEqual({ X: '[]' });
  });
});

describe('the Compose-shaped view', () => {
  it('prints durations as Go does', () => {
    expect([0, 500, 1000, 1500, 60_000, 90_000, 3_600_000, 9_000_000].map(goDuration)).toEqual([
      '0s',
      '500ms',
      '1s',
      '1.5s',
      '1m0s',
      '1m30s',
      '1h0m0s',
      '2h30m0s',
    ]);
  });

  it('escapes $ as $$ so the output is a valid Compose file, and shows the 127.0.0.1 host address', async () => {
    const dir = await project({
      'compose.yaml': lines('services:', '  app:', '    image: busybox', '    command: [sh, -c, "echo $$HOME"]', '    ports: ["8080:80"]'),
    });
    const view = composeView(await load(dir)) as { services: { app: { command: string[]; ports: unknown[] } } };
    expect(view.services.app.command).toEqual(['sh', '-c', 'echo $$HOME']);
    expect(view.services.app.ports).toEqual([{ mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8080', protocol: 'tcp' }]);
  });
});

describe('Compose details', () => {
  it('finds the stack file in the nearest parent folder, as Compose does', async () => {
    const dir = await project({ 'compose.yaml': lines('services:', '  a: {image: busybox}'), 'src/deep/.keep': '' });
    const stack = await load(`${dir}/src/deep`);
    expect(stack.files).toEqual([`${dir}/compose.yaml`]);
    expect(stack.projectDir).toBe(dir);
  });

  it('reads env_file entries in the long form, where required: false may be missing', async () => {
    const dir = await project({
      'compose.yaml': lines(
        'services:',
        '  a:',
        '    image: busybox',
        '    env_file:',
        '      - path: base.env',
        '      - path: local.env',
        '        required: false',
      ),
      'base.env': 'LEVEL=info\n',
    });
    expect((await load(dir)).services.a!.environment).toEqual({ LEVEL: 'info' });
  });

  it('drops a required: false dependency on a service its profiles leave out', async () => {
    const dir = await project({
      'compose.yaml': lines(
        'services:',
        '  a:',
        '    image: busybox',
        '    depends_on:',
        '      t: {condition: service_started, required: false}',
        '  t: {image: busybox, profiles: [tracing]}',
      ),
    });
    expect((await load(dir)).services.a!.dependsOn).toEqual({});
    expect((await load(dir, { serviceProfiles: ['tracing'] })).services.a!.dependsOn).toEqual({
      t: { condition: 'service_started', required: false, restart: false },
    });
  });
});

describe('a base file extended twice', () => {
  it('names its unsupported keys and its problems once', async () => {
    const dir = await project({
      'compose.yaml': lines('services:', '  a: {extends: {file: base.yml, service: base}}', '  b: {extends: {file: base.yml, service: base}}'),
      'base.yml': lines('services:', '  base:', '    image: busybox', '    hostname: x'),
    });
    const warnings: string[] = [];
    await load(dir, { onWarning: (message) => warnings.push(message) });
    expect(warnings[0]).toContain('1 Compose setting is not supported');
    const broken = await project({
      'compose.yaml': lines('services:', '  a: {extends: {file: base.yml, service: base}}', '  b: {extends: {file: base.yml, service: base}}'),
      'base.yml': lines('services:', '  base:', '    image: busybox', '    restart: sometimes'),
    });
    expect(short(await problemsOf(load(broken)))).toHaveLength(1);
  });
});

describe('project name from COMPOSE_PROJECT_NAME', () => {
  it('is checked like -p, and the problem names where it came from', async () => {
    const dir = await project({ 'compose.yaml': lines('services:', '  a: {image: busybox}') });
    const [problem] = await problemsOf(load(dir, { env: { HOME: '/h', COMPOSE_PROJECT_NAME: 'Bad Name' } }));
    expect(problem).toMatchObject({ file: '(environment)', path: 'COMPOSE_PROJECT_NAME', message: 'invalid project name "Bad Name"' });
  });
});
