import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devstack } from './helpers.js';

const svc = (body: string) => `services:\n  api:\n    image: busybox:1.37\n${body}`;

/** [what, file content, where the first problem must be reported (line:column)]. */
const CASES: Array<[string, string | Buffer, string]> = [
  // The parser reports an unclosed bracket or quote where it finds the input ending.
  ['unclosed flow sequence', 'services:\n  api:\n    ports: [80\n', '4:1'],
  ['bad indentation', 'services:\n  api:\n    image: x\n   command: y\n', '4:'],
  ['tab indentation', 'services:\n\tapi:\n    image: x\n', '2:'],
  ['duplicate key', 'services:\n  api:\n    image: a\n    image: b\n', '4:5'],
  ['unclosed quote', 'services:\n  api:\n    image: "busybox\n', '4:1'],
  ['top-level list', '- a\n- b\n', '1:1'],
  ['top-level scalar', 'just text\n', '1:1'],
  ['unknown top-level key', 'servics:\n  api:\n    image: x\n', '1:1'],
  ['unknown service key', svc('    imgae: x\n'), '4:5'],
  ['services is a list', 'services:\n  - api\n', '2:3'],
  ['service is a string', 'services:\n  api: busybox\n', '2:8'],
  ['no image or build', 'services:\n  api:\n    command: ["true"]\n', '2:3'],
  ['bad service name', 'services:\n  "api service":\n    image: x\n', '2:3'],
  ['image is a list', 'services:\n  api:\n    image: [busybox]\n', '3:12'],
  ['command is a map', svc('    command: {a: 1}\n'), '4:14'],
  ['unclosed quote in command', svc('    command: "echo \'hi"\n'), '4:14'],
  ['environment is a number', svc('    environment: 3\n'), '4:18'],
  ['environment list with a map', svc('    environment:\n      - {A: 1}\n'), '5:9'],
  ['ports is a string', svc('    ports: "80:80"\n'), '4:12'],
  ['port out of range', svc('    ports: ["70000:80"]\n'), '4:13'],
  ['port zero', svc('    ports: ["0:80"]\n'), '4:13'],
  ['port not a number', svc('    ports: ["http:80"]\n'), '4:13'],
  ['port is a boolean', svc('    ports: [true]\n'), '4:13'],
  ['bad port protocol', svc('    ports: ["80:80/xyz"]\n'), '4:13'],
  ['mismatched port ranges', svc('    ports: ["8000-8002:9000-9001"]\n'), '4:13'],
  ['long port without target', svc('    ports:\n      - published: 80\n'), '5:9'],
  ['undeclared named volume', svc('    volumes: ["data:/data"]\n'), '4:15'],
  ['volume without target', svc('    volumes: ["data"]\n'), '4:15'],
  ['bad volume mode', svc('    volumes: ["./x:/x:rx"]\n'), '4:15'],
  ['relative volume target', svc('    volumes: ["./x:x"]\n'), '4:15'],
  ['depends_on unknown service', svc('    depends_on: [dbb]\n'), '4:18'],
  ['depends_on bad condition', 'services:\n  db:\n    image: x\n  api:\n    image: x\n    depends_on:\n      db:\n        condition: service_ready\n', '8:20'],
  ['dependency cycle', 'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n', '4:'],
  ['self dependency', svc('    depends_on: [api]\n'), '4:18'],
  ['bad duration', svc('    healthcheck:\n      test: ["CMD", "true"]\n      interval: 5 seconds\n'), '6:17'],
  ['negative retries', svc('    healthcheck:\n      test: ["CMD", "true"]\n      retries: -1\n'), '6:16'],
  ['healthcheck test bad kind', svc('    healthcheck:\n      test: ["RUN", "true"]\n'), '5:13'],
  ['bad stop_grace_period', svc('    stop_grace_period: soon\n'), '4:24'],
  ['bad mem_limit', svc('    mem_limit: lots\n'), '4:16'],
  ['bad cpus', svc('    cpus: many\n'), '4:11'],
  ['bad restart policy', svc('    restart: sometimes\n'), '4:14'],
  ['init is a string', svc('    init: maybe\n'), '4:11'],
  ['unset variable', svc('    environment:\n      A: ${NOT_SET_ANYWHERE}\n'), '5:10'],
  ['required variable', svc('    environment:\n      A: ${NOT_SET_ANYWHERE:?set it in .env}\n'), '5:10'],
  ['unclosed interpolation', svc('    environment:\n      A: ${OOPS\n'), '5:10'],
  ['bad variable name', svc('    environment:\n      A: ${1ABC}\n'), '5:10'],
  ['unknown profile', 'profiles: [postgress]\n', '1:12'],
  ['profiles not a list', 'profiles: postgres\n', '1:11'],
  ['volumes is a list', 'volumes: [data]\n', '1:10'],
  ['external volume with a driver', 'volumes:\n  data:\n    external: true\n    driver: local\n', '4:5'],
  ['build args not a map or list', 'services:\n  api:\n    build: {context: ., args: 5}\n', '3:31'],
  ['labels is a number', svc('    labels: 1\n'), '4:13'],
  ['docker socket without consent', svc('    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n'), '4:14'],
  ['binary garbage', randomBytes(4096), ''],
  ['NUL byte', 'services:\n  api:\0\n', ''],
  [
    'alias bomb',
    [
      'a: &a [x,x,x,x,x,x,x,x,x,x]',
      ...Array.from(
        { length: 12 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
      'services: {}',
    ].join('\n'),
    '',
  ],
  ['huge file', `services:\n${'  # padding\n'.repeat(600_000)}`, ''],
  ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}\n`, ''],
];

const HANG_MS = 10_000;

describe('bad input', () => {
  let server: Server;
  let engineCalls = 0;
  const socket = join(mkdtempSync(join(tmpdir(), 'fake-engine-')), 'docker.sock');

  beforeAll(async () => {
    server = createServer((connection) => {
      engineCalls += 1;
      connection.destroy();
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('has at least 50 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(50));

  // The bound catches a hang (alias bombs, huge files), not a speed goal: speed is measured in `npm run bench`.
  it.each(CASES)('%s: exit 2, positioned, no engine call, no hang', async (_what, content, where) => {
    const callsBefore = engineCalls;
    const dir = mkdtempSync(join(tmpdir(), 'bad-input-'));
    writeFileSync(join(dir, 'devstack.yml'), content);
    const started = Date.now();
    const result = await devstack(['up'], dir, { DOCKER_HOST: `unix://${socket}` });
    const elapsed = Date.now() - started;
    expect(result.stderr).toMatch(where ? new RegExp(`devstack\\.yml:${where}`) : /devstack\.yml(:\d+:\d+)?/);
    expect(result.stderr).not.toContain('unexpected error');
    expect(result.code).toBe(2);
    expect(elapsed).toBeLessThan(HANG_MS);
    expect(engineCalls - callsBefore).toBe(0);
  });
});

describe('security defaults', () => {
  it('refuses a tcp:// engine without TLS, and --insecure-engine allows it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'insecure-'));
    writeFileSync(join(dir, 'devstack.yml'), 'services:\n  api:\n    image: busybox:1.37\n');
    const refused = await devstack(['status'], dir, { DOCKER_HOST: 'tcp://127.0.0.1:1', DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Refusing to use the engine at tcp://127.0.0.1:1 without TLS');
    const allowed = await devstack(['status', '--insecure-engine'], dir, { DOCKER_HOST: 'tcp://127.0.0.1:1', DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '' });
    expect(allowed.code).toBe(1);
    expect(allowed.stderr).toContain('No Docker engine answered at tcp://127.0.0.1:1');
  });

  it('mounts the Docker socket only when the service says so explicitly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'socket-'));
    writeFileSync(
      join(dir, 'devstack.yml'),
      'services:\n  ci:\n    image: busybox:1.37\n    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n    x-devstack: {docker_socket: true}\n',
    );
    const config = await devstack(['config', '--format', 'json'], dir);
    expect(config.code).toBe(0);
    expect(config.stdout).toContain('"source": "/var/run/docker.sock"');
  });
});
