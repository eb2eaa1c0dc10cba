import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, profileSql, project, publishedPort, redisCommand } from './helpers.js';

const { dir, name } = project('profiles-app');
const hostPort = (service: string, containerPort: number) => publishedPort(`${name}-${service}-1`, containerPort);
const sql = async <T>(query: string) => profileSql<T>(await hostPort('postgres', 5432), query);
const redis = async (...args: string[]) => redisCommand(await hostPort('redis', 6379), ...args);

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

  it('status names the Postgres and Redis ports postgres:// and redis://, the app http://, in the table and in --json', async () => {
    const expected: Array<[service: string, scheme: string, containerPort: number]> = [
      ['app', 'http', 8080],
      ['postgres', 'postgres', 5432],
      ['redis', 'redis', 6379],
    ];
    const urls = new Map<string, string>();
    for (const [service, scheme, port] of expected) urls.set(service, `${scheme}://127.0.0.1:${await hostPort(service, port)}`);
    const table = await devstack(['status', '-p', name], dir);
    expect(table.code, table.stderr).toBe(0);
    for (const [service, , port] of expected) {
      expect(table.stdout).toMatch(new RegExp(`^${service} .* ${urls.get(service)!.replaceAll('.', '\\.')} -> ${port}/tcp`, 'm'));
    }
    const json = await devstack(['status', '-p', name, '--json'], dir);
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as Array<{ service: string; ports: Array<{ url: string }> }>;
    for (const [service] of expected) expect(rows.find((r) => r.service === service)?.ports.map((p) => p.url)).toEqual([urls.get(service)]);
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
