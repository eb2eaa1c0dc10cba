import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, docker, publishedPort } from './helpers.js';

const name = `timport${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const dir = mkdtempSync(join(tmpdir(), 'devstack-import-'));
chmodSync(dir, 0o755);
// What a team's Compose file says: its own credentials and database, a named data volume, Redis unpublished.
const COMPOSE = `name: ${name}
services:
  db:
    image: pgvector/pgvector:pg17
    environment:
      POSTGRES_USER: alice
      POSTGRES_PASSWORD: s3cret
      POSTGRES_DB: shop
    ports: ["5432"]
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U alice -d shop"]
      interval: 2s
      retries: 60
    volumes:
      - dbdata:/var/lib/postgresql/data
  cache:
    image: redis:8
volumes:
  dbdata:
`;

async function sql<T>(query: string): Promise<T[]> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: await publishedPort(`${name}-postgres-1`, 5432),
    user: 'alice',
    password: 's3cret',
    database: 'shop',
  });
  await client.connect();
  try {
    return (await client.query(query)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('devstack import of a Compose stack that already holds data', { timeout: 300_000 }, () => {
  afterAll(() => cleanup(name));

  it('keeps the credentials, the database, the data volume and the ports; up shows the real connection string', async () => {
    writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
    // The stack as the team ran it, from its Compose file: alice's cluster in <project>_dbdata.
    const before = await devstack(['up', '-p', name, '--timeout', '240'], dir);
    expect(before.code, before.stderr).toBe(0);
    const client = new pg.Client({ host: '127.0.0.1', port: await publishedPort(`${name}-db-1`, 5432), user: 'alice', password: 's3cret', database: 'shop' });
    await client.connect();
    await client.query(`CREATE TABLE orders (id int); INSERT INTO orders VALUES (42)`);
    await client.end();
    expect((await devstack(['down', '-p', name], dir)).code).toBe(0);

    const imported = await devstack(['import'], dir);
    expect(imported.code, imported.stderr).toBe(0);
    const listed = imported.stderr.indexOf('keeps its data in volume');
    expect(listed).toBeGreaterThan(-1);
    expect(listed).toBeLessThan(imported.stderr.indexOf('Wrote devstack.yml'));
    expect(imported.stderr).toContain(`keeps its data in volume ${name}_dbdata`);
    expect(imported.stderr).toContain('publishes no port, as in the Compose file');
    expect(readFileSync(join(dir, 'devstack.yml'), 'utf8')).toContain('POSTGRES_USER: alice');

    const up = await devstack(['up', '-p', name, '--timeout', '240'], dir);
    expect(up.code, up.stderr).toBe(0);
    const summary = up.stdout + up.stderr;
    expect(summary).toMatch(/postgres:\/\/alice:\S+@127\.0\.0\.1:\d+\/shop/);
    expect(summary).not.toContain('app-dev-password');
    expect(summary).toContain('POSTGRES_USER, POSTGRES_PASSWORD as the stack files set them (no .env)');
    expect(await sql<{ id: number }>('SELECT id FROM orders')).toEqual([{ id: 42 }]);
    const mounts = (await docker.getContainer(`${name}-postgres-1`).inspect()).Mounts.map((m) => m.Name);
    expect(mounts).toContain(`${name}_dbdata`);
    const redis = await docker.getContainer(`${name}-redis-1`).inspect();
    expect(
      Object.values(redis.NetworkSettings.Ports ?? {})
        .flat()
        .filter(Boolean),
    ).toEqual([]);
  });
});
