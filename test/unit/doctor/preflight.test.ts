import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preflight } from '../../../src/doctor/preflight.js';
import type { Engine, EngineSystem } from '../../../src/engine/types.js';
import { PreflightFailedError } from '../../../src/errors.js';
import { service, stack } from '../support/stack.js';
import { fakeProc, procNetLine } from './fake-proc.js';

const system: EngineSystem = { rootDir: '/var/lib/docker', memTotalBytes: 2 ** 33, cpus: 2, systemTime: '', rootless: true, product: 'Engine' };

function engine(): Engine & { systemCalls: number } {
  const fake = { systemCalls: 0, listContainers: async () => [], systemInfo: async () => (fake.systemCalls++, system) };
  return fake as unknown as Engine & { systemCalls: number };
}

const local = { env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' } };
const web = service('web', {
  ports: [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' }],
  dependsOn: { db: { condition: 'service_healthy', restart: false, required: true } },
});
const db = service('db', { ports: [{ hostIp: '127.0.0.1', hostPort: 5432, containerPort: 5432, protocol: 'tcp' }] });
const docs = service('docs', { ports: [{ hostIp: '127.0.0.1', hostPort: 80, containerPort: 80, protocol: 'tcp' }] });

async function failure(run: Promise<void>): Promise<string> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PreflightFailedError);
  return (error as PreflightFailedError).message;
}

describe("up's pre-flight", () => {
  it('stops on a taken port of a service up will start, dependencies included, in doctor’s words', async () => {
    const proc = fakeProc({ tcp: [procNetLine(0, '0100007F:1538', '0A', 77)], processes: [{ pid: 99, argv: ['postgres'], fds: { 3: 'socket:[77]' } }] });
    const message = await failure(preflight(engine(), stack([web, db, docs]), ['web'], { procRoot: proc, ...local }));
    expect(message).toContain('FAIL ports  127.0.0.1:5432 (service db) is held by PID 99 (postgres)');
    expect(message).toContain('fix: stop it (`kill 99`), or change the published port in the stack file');
  });

  it('leaves alone what up will not start, and asks the engine about rootless only for ports below 1024', async () => {
    const proc = fakeProc({ tcp: [] });
    const fake = engine();
    await preflight(fake, stack([web, db, docs]), ['web'], { procRoot: proc, ...local });
    expect(fake.systemCalls).toBe(0);
    mkdirSync(join(proc, 'sys/net/ipv4'), { recursive: true });
    writeFileSync(join(proc, 'sys/net/ipv4/ip_unprivileged_port_start'), '1024\n');
    expect(await failure(preflight(fake, stack([web, db, docs]), ['docs'], { procRoot: proc, ...local }))).toContain(
      'a rootless engine may not bind ports below 1024: 80 (service docs)',
    );
    expect(fake.systemCalls).toBe(1);
  });
});
