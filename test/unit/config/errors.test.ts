import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, load, problemsOf, problemsOfYaml, project } from './helpers.js';

/** Problems of a file whose service `s` gets `body` from line 5 on, indented by 4; `top` comes after it. */
function serviceProblems(body: string[], top: string[] = [], options: { strict?: boolean } = {}) {
  return problemsOfYaml(lines('# one service, s', 'services:', '  s:', '    image: alpine', ...body.map((line) => `    ${line}`), ...top), options);
}
const UNSUPPORTED_HINT = 'remove it, or run without --strict to ignore it with a warning';
const problem = (line: number, column: number, path: string, message: string, hint?: string) => ({
  file: 'devstack.yml',
  line,
  column,
  path,
  message,
  ...(hint ? { hint } : {}),
});

describe('type and key problems', () => {
  it('names the expected and the actual type at the node', async () => {
    expect(await serviceProblems(['ports:', '  - "80"', '  - true'])).toEqual([
      problem(7, 9, 'services.s.ports[1]', 'expected a string or a mapping, got a boolean'),
    ]);
  });

  it('suggests the closest service key', async () => {
    expect(await problemsOfYaml(lines('services:', '  api:', '    imgae: node:20', '    build: .'))).toEqual([
      problem(3, 5, 'services.api.imgae', 'unknown key "imgae"', 'did you mean "image"?'),
    ]);
  });

  it('lists the valid keys when nothing is close, and allows x- keys', async () => {
    const [first] = await serviceProblems(['x-anything: 1', 'networks_mode: host']);
    expect(first).toMatchObject({
      line: 6,
      column: 5,
      path: 'services.s.networks_mode',
      hint: expect.stringMatching(/^valid keys here: image, build, command, /),
    });
  });

  it('needs image or build, and a valid service name', async () => {
    expect(await problemsOfYaml(lines('services:', '  -bad:', '    image: x', '  api:', '    command: x'))).toEqual([
      problem(2, 3, 'services.-bad', 'invalid service name "-bad"', 'use letters, digits, _, . and -, starting with a letter or digit'),
      problem(4, 3, 'services.api', 'service "api" needs image: or build:', 'add image: NAME:TAG, or build: ./folder-with-a-Dockerfile'),
    ]);
  });

  it('reports a service that is not a mapping', async () => {
    expect(await problemsOfYaml(lines('services:', '  api: node:20'))).toEqual([problem(2, 8, 'services.api', 'expected a mapping, got a string')]);
  });
});

describe('port problems', () => {
  it.each([
    ['"99999:80"', 'port 99999 in "99999:80" is outside 1-65535', undefined],
    ['"0"', 'port 0 in "0" is outside 1-65535', undefined],
    ['"80:eighty"', 'invalid port "80:eighty"', 'write CONTAINER, HOST:CONTAINER or IP:HOST:CONTAINER, optionally with /udp, e.g. "8080:80"'],
    ['"80/icmp"', 'unknown protocol "icmp" in port "80/icmp"; use tcp, udp or sctp', undefined],
    ['"8000-8001:9000-9002"', 'the host and container ranges in "8000-8001:9000-9002" differ in length', undefined],
    ['"localhost:80:80"', 'invalid host address "localhost" in port "localhost:80:80"', undefined],
    ['"::1:80:80"', 'invalid port "::1:80:80"', 'write an IPv6 host address in brackets: "[::1]:8080:80"'],
  ])('%s', async (port, message, hint) => {
    expect(await serviceProblems([`ports: [${port}]`])).toEqual([problem(5, 13, 'services.s.ports[0]', message, hint)]);
  });

  it('checks the long form', async () => {
    expect(await serviceProblems(['ports:', '  - published: 70000', '    protocol: tcpp', '    host_ip: nowhere'])).toEqual([
      problem(6, 9, 'services.s.ports[0]', 'a port mapping needs target: the container port'),
      problem(6, 20, 'services.s.ports[0].published', 'port 70000 is outside 1-65535'),
      problem(7, 19, 'services.s.ports[0].protocol', 'unknown protocol "tcpp"', 'use tcp, udp or sctp'),
      problem(8, 18, 'services.s.ports[0].host_ip', 'invalid host address "nowhere"'),
    ]);
  });

  it('refuses ranges that would publish absurd numbers of ports', async () => {
    const ports = Array.from({ length: 3 }, (_, i) => `"${i * 3 + 1}-65535"`).join(', ');
    const problems = await serviceProblems([`ports: [${ports}]`]);
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['services.s.ports[1]', '"4-65535" publishes more ports than a stack may (100000 in all)'],
      ['services.s.ports[2]', '"7-65535" publishes more ports than a stack may (100000 in all)'],
    ]);
  });
});

describe('volume problems', () => {
  const top = ['volumes:', '  data:'];
  it.each([
    ['/var/data', 'anonymous volumes are not supported: name it, e.g. "data:/var/data"', 'declare the name under the top-level volumes: key'],
    ['dat:/x', 'volume "dat" is not declared under the top-level volumes: key', 'did you mean "data"?'],
    ['cache:/x', 'volume "cache" is not declared under the top-level volumes: key', 'declare it: add "cache:" under the top-level volumes: key'],
    ['data:/x:readonly', 'unknown volume mode "readonly" in "data:/x:readonly"', 'use ro or rw'],
    ['data:relative', 'mount target "relative" must be an absolute path in the container', undefined],
    ['a:b:c:d', 'invalid volume "a:b:c:d"', 'write VOLUME:/path, ./dir:/path or /host/dir:/path, optionally with :ro'],
  ])('%s', async (mount, message, hint) => {
    expect(await serviceProblems(['volumes:', `  - ${mount}`], top)).toEqual([problem(6, 9, 'services.s.volumes[0]', message, hint)]);
  });

  it('checks the long form', async () => {
    expect(
      await serviceProblems(
        [
          'volumes:',
          '  - {type: volume, target: /a}',
          '  - {type: bind, source: data, target: /b}',
          '  - {type: tmpfs, source: x, target: /c}',
          '  - {type: volum, source: data, target: /d}',
          '  - {source: data}',
        ],
        top,
      ),
    ).toEqual([
      problem(6, 9, 'services.s.volumes[0]', 'anonymous volumes are not supported: name it with source:', 'declare the name under the top-level volumes: key'),
      problem(7, 30, 'services.s.volumes[1].source', 'bind source "data" must be a path (./dir, /dir or ~/dir)', 'or use type: volume'),
      problem(8, 23, 'services.s.volumes[2].source', 'a tmpfs mount takes no source'),
      problem(9, 16, 'services.s.volumes[3].type', 'unknown mount type "volum"', 'did you mean "volume"?'),
      problem(10, 9, 'services.s.volumes[4]', 'a volume mapping needs type: volume, bind or tmpfs'),
      problem(10, 9, 'services.s.volumes[4]', 'a volume mapping needs target: the path in the container'),
    ]);
  });

  it('checks top-level volumes', async () => {
    expect(await problemsOfYaml(lines('volumes:', '  _bad:', '  ok:', '    driver: local', '  list: [a]'), { strict: true })).toEqual([
      problem(2, 3, 'volumes._bad', 'invalid volume name "_bad"', 'use letters, digits, _, . and -, starting with a letter or digit'),
      problem(4, 5, 'volumes.ok.driver', 'Compose key "driver" is not supported by devstack', UNSUPPORTED_HINT),
      problem(5, 9, 'volumes.list', 'expected a mapping or nothing, got a list'),
    ]);
  });
});

describe('depends_on problems', () => {
  it('reports an unknown service with a did-you-mean', async () => {
    expect(await problemsOfYaml(lines('services:', '  api:', '    image: x', '    depends_on: [postgress, nothing]', '  postgres: {image: pg}'))).toEqual([
      problem(4, 18, 'services.api.depends_on[0]', 'depends on "postgress", which is not a service in this stack', 'did you mean "postgres"?'),
      problem(4, 29, 'services.api.depends_on[1]', 'depends on "nothing", which is not a service in this stack', 'services in this stack: api, postgres'),
    ]);
  });

  it('reports an unknown condition', async () => {
    expect(
      await problemsOfYaml(lines('services:', '  api:', '    image: x', '    depends_on:', '      db: {condition: service_healty}', '  db: {image: pg}')),
    ).toEqual([problem(5, 23, 'services.api.depends_on.db.condition', 'unknown condition "service_healty"', 'did you mean "service_healthy"?')]);
  });

  it('reports each cycle once, at a depends_on entry, showing the path', async () => {
    const yaml = lines(
      'services:',
      '  a: {image: x, depends_on: [b]}',
      '  b:',
      '    image: x',
      '    depends_on:',
      '      a: {condition: service_healthy}',
      '  c: {image: x, depends_on: [c]}',
    );
    expect(await problemsOfYaml(yaml)).toEqual([
      problem(2, 30, 'services.a.depends_on[0]', 'dependency cycle: a → b → a', 'remove one of these depends_on entries'),
      problem(7, 30, 'services.c.depends_on[0]', 'dependency cycle: c → c', 'remove one of these depends_on entries'),
    ]);
  });

  it('reports a depends_on of the wrong type', async () => {
    expect(await serviceProblems(['depends_on: db'])).toEqual([problem(5, 17, 'services.s.depends_on', 'expected a list or a mapping, got a string')]);
  });
});

describe('field value problems', () => {
  it.each([
    ['restart: sometimes', 'services.s.restart', 14, 'unknown restart policy "sometimes"', 'use no, always, unless-stopped or on-failure[:N]'],
    ['restart: alway', 'services.s.restart', 14, 'unknown restart policy "alway"', 'did you mean "always"?'],
    ['mem_limit: lots', 'services.s.mem_limit', 16, 'invalid size "lots"', 'write bytes, or a size such as 512m, 1g or 1.5GB'],
    ['cpus: many', 'services.s.cpus', 11, 'invalid cpus "many"', 'write a positive number such as 0.5 or 2'],
    ['stop_grace_period: 10', 'services.s.stop_grace_period', 24, 'invalid duration "10"', 'write a duration such as 10s, 1m30s or 500ms'],
    ['init: maybe', 'services.s.init', 11, 'expected a boolean, got a string', undefined],
    ['user: [root]', 'services.s.user', 11, 'expected a string, got a list', undefined],
    ['command: sh -c "echo', 'services.s.command', 14, 'the double quote is never closed in "sh -c "echo"', 'close the quote, or write the command as a list'],
    ['command: {a: 1}', 'services.s.command', 14, 'expected a string or a list, got a mapping', undefined],
    [
      'build: https://github.com/x/y.git',
      'services.s.build',
      12,
      'remote build context "https://github.com/x/y.git" is not supported',
      'clone it and point context: at the folder',
    ],
    ['environment: [1, [x]]', 'services.s.environment[1]', 22, 'expected a string like KEY=VALUE, got a list', undefined],
    ['environment: ["=x"]', 'services.s.environment[0]', 19, '"=x" has no name before "="', 'write KEY=VALUE'],
    ['environment: {A: [1]}', 'services.s.environment.A', 22, 'expected a string, number or boolean, got a list', undefined],
    ['labels: yes', 'services.s.labels', 13, 'expected a list or a mapping, got a string', undefined],
  ])('%s', async (line, path, column, message, hint) => {
    expect(await serviceProblems([line])).toEqual([problem(5, column, path, message, hint)]);
  });

  it('checks healthchecks', async () => {
    expect(
      await serviceProblems(['healthcheck:', '  test: [curl, -f, x]', '  interval: 10 s', '  retries: many', '  start_interval: 1 s'], [], { strict: true }),
    ).toEqual([
      problem(
        6,
        13,
        'services.s.healthcheck.test',
        'a healthcheck test list starts with CMD, CMD-SHELL or NONE, not "curl"',
        'write ["CMD", "curl", "-f", "x"]',
      ),
      problem(7, 17, 'services.s.healthcheck.interval', 'invalid duration "10 s"', 'write a duration such as 10s, 1m30s or 500ms'),
      problem(8, 16, 'services.s.healthcheck.retries', 'expected a whole number, got a string'),
      problem(9, 23, 'services.s.healthcheck.start_interval', 'invalid duration "1 s"', 'write a duration such as 10s, 1m30s or 500ms'),
    ]);
    expect(await serviceProblems(['healthcheck: {interval: 5s}'])).toEqual([
      problem(5, 18, 'services.s.healthcheck', 'a healthcheck needs test:', 'write test: ["CMD", "pg_isready"], or disable: true'),
    ]);
  });
});

describe('interpolation problems', () => {
  it('points at the scalar, with the fix in the hint', async () => {
    expect(await serviceProblems(['environment:', '  URL: postgres://${DB_HOST}/app', '  B: ${REQUIRED:?set REQUIRED to the API key}', '  C: ${1x}'])).toEqual([
      problem(6, 12, 'services.s.environment.URL', 'variable DB_HOST is not set', 'set DB_HOST in the environment or .env, or write ${DB_HOST:-default}'),
      problem(7, 10, 'services.s.environment.B', 'set REQUIRED to the API key', 'set REQUIRED in the environment or .env'),
      problem(
        8,
        10,
        'services.s.environment.C',
        'invalid variable name in "${1x}"',
        'write $$ for a literal $, and ${NAME} or ${NAME:-default} for a variable',
      ),
    ]);
  });

  it('does not pile a second problem onto a value that failed to interpolate', async () => {
    expect(await serviceProblems(['ports: ["${PORT}:80"]'])).toEqual([
      problem(5, 13, 'services.s.ports[0]', 'variable PORT is not set', 'set PORT in the environment or .env, or write ${PORT:-default}'),
    ]);
  });

  it('interpolates with .env and reports .env syntax problems in .env', async () => {
    const dir = await project({ 'devstack.yml': lines('services:', '  s:', '    image: alpine:${TAG}'), '.env': lines('TAG=3.20', 'not valid') });
    expect(await problemsOf(load(dir))).toEqual([
      {
        file: join(dir, '.env'),
        line: 2,
        column: 1,
        path: '',
        message: 'expected KEY=VALUE, got "not valid"',
        hint: 'variable names use letters, digits and _ and do not start with a digit',
      },
    ]);
  });
});

describe('env_file problems', () => {
  it('reports a missing env file at its entry and bad lines in the env file', async () => {
    const dir = await project({
      'devstack.yml': lines('services:', '  s:', '    image: alpine', '    env_file:', '      - missing.env', '      - bad.env'),
      'bad.env': lines('A=1', '2B=x'),
    });
    expect(await problemsOf(load(dir))).toEqual([
      {
        file: join(dir, 'bad.env'),
        line: 2,
        column: 1,
        path: '',
        message: 'expected KEY=VALUE, got "2B=x"',
        hint: 'variable names use letters, digits and _ and do not start with a digit',
      },
      {
        file: join(dir, 'devstack.yml'),
        line: 5,
        column: 9,
        path: 'services.s.env_file[0]',
        message: `env file not found: ${join(dir, 'missing.env')}`,
        hint: 'create it, remove it from env_file:, or mark it required: false',
      },
    ]);
  });
});

describe('reporting', () => {
  it('reports all problems of all files at once, sorted by file, line and column', async () => {
    const dir = await project({
      'a.yml': lines('services:', '  web:', '    image: x', '    ports: [true]', '    imgae: y'),
      'b.yml': lines('services:', '  web:', '    restart: never', '  db: {image: x, depends_on: [wbe]}'),
    });
    const problems = await problemsOf(load(dir, { files: ['b.yml', 'a.yml'] }));
    expect(problems.map((p) => `${p.file.split('/').pop()}:${p.line}:${p.column} ${p.path}`)).toEqual([
      'a.yml:4:13 services.web.ports[0]',
      'a.yml:5:5 services.web.imgae',
      'b.yml:3:14 services.web.restart',
      'b.yml:4:31 services.db.depends_on[0]',
    ]);
  });
});
