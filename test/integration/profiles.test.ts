import { connect } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, docker, project } from './helpers.js';

const { dir, name } = project('profiles-app');

async function hostPort(service: string, containerPort: number): Promise<number> {
  const info = await docker.getContainer(`${name}-${service}-1`).inspect();
  const binding = info.NetworkSettings.Ports[`${containerPort}/tcp`]?.[0];
  expect(binding?.HostIp).toBe('127.0.0.1');
  return Number(binding!.HostPort);
}

async function sql<T>(query: string): Promise<T[]> {
  const client = new pg.Client({ host: '127.0.0.1', port: await hostPort('postgres', 5432), user: 'app', password: 'app-dev-password', database: 'app' });
  await client.connect();
  try {
    return (await client.query(query)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Speaks just enough RESP for PING, SET and GET. */
async function redis(...args: string[]): Promise<string> {
  const port = await hostPort('redis', 6379);
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`));
    socket.once('data', (data) => {
      socket.end();
      resolve(data.toString());
    });
    socket.once('error', reject);
  });
}

async function upOrFail(): Promise<void> {
  const result = await devstack(['up', '-p', name, '--timeout', '150'], dir);
  // Probe output may say "error" (a 503 while starting); what must not appear is an error report.
  expect(result.stderr).not.toMatch(/^error:/m);
  expect(result.code).toBe(0);
}

describe('app + postgres + redis + prometheus from the profiles', () => {
  beforeAll(upOrFail, 240_000);
  afterAll(() => cleanup(name));

  it('prints what is where, with the Postgres password masked', async () => {
    const again = await devstack(['up', '-p', name, '--json'], dir);
    const result = JSON.parse(again.stdout.trim().split('\n').at(-1)!) as { endpoints: Array<{ name: string; url: string }> };
    const postgres = result.endpoints.find((e) => e.name === 'Postgres')!;
    expect(postgres.url).toMatch(/^postgres:\/\/app:\*\*\*\*@127\.0\.0\.1:\d+\/app$/);
    expect(result.endpoints.map((e) => e.name).sort()).toEqual(['App', 'Postgres', 'Prometheus', 'Redis']);
  });

  it('answers a pgvector distance query, with the project init script applied', async () => {
    const [row] = await sql<{ distance: number }>(`SELECT '[1,2,3]'::vector <-> '[1,2,4]' AS distance`);
    expect(row!.distance).toBe(1);
    await sql(`INSERT INTO items (name, embedding) VALUES ('kept', '[1,2,3]')`);
  });

  it('answers PING on Redis and stores a key', async () => {
    expect(await redis('PING')).toBe('+PONG\r\n');
    expect(await redis('SET', 'greeting', 'kept-across-down')).toBe('+OK\r\n');
  });

  it("reports the app's scrape target up in Prometheus", async () => {
    const port = await hostPort('prometheus', 9090);
    let health = '';
    for (let i = 0; i < 60 && health !== 'up'; i += 1) {
      const targets = (await (await fetch(`http://127.0.0.1:${port}/api/v1/targets`)).json()) as {
        data: { activeTargets: Array<{ labels: { job: string }; health: string }> };
      };
      health = targets.data.activeTargets.find((t) => t.labels.job === 'app')?.health ?? '';
      if (health !== 'up') await new Promise((r) => setTimeout(r, 500));
    }
    expect(health).toBe('up');
  });

  it('keeps Postgres rows and Redis keys across down and up', async () => {
    const down = await devstack(['down', '-p', name], dir);
    expect(down.code).toBe(0);
    await upOrFail();
    expect(await sql<{ name: string }>('SELECT name FROM items')).toEqual([{ name: 'kept' }]);
    expect(await redis('GET', 'greeting')).toBe('$16\r\nkept-across-down\r\n');
  });
});
