import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStack } from '../../../src/config/index.js';
import { dotenvKeys } from '../../../src/profiles/dotenv-keys.js';
import { endpoints } from '../../../src/profiles/endpoints.js';
import type { ServiceStatus } from '../../../src/run/status.js';

const profilesDir = resolve(import.meta.dirname, '../../../profiles');
const running = (service: string, containerPort: number, hostPort: number): ServiceStatus => ({
  service,
  container: `demo-${service}-1`,
  state: 'running',
  health: 'healthy',
  ports: [{ url: `tcp://127.0.0.1:${hostPort}`, containerPort, protocol: 'tcp' }],
  startedAt: null,
  uptimeSec: null,
  debug: null,
  mode: null,
});

async function postgresEndpoint(stackFile: string, dotenv?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'devstack-endpoints-'));
  writeFileSync(join(dir, 'devstack.yml'), stackFile);
  if (dotenv !== undefined) writeFileSync(join(dir, '.env'), dotenv);
  const stack = await loadStack({ cwd: dir, env: {}, builtinProfilesDir: profilesDir });
  return endpoints(stack, [running('postgres', 5432, 15432)], dotenvKeys(dir))[0]!;
}

describe('the connection strings up prints', () => {
  it('are what the container runs with: credentials written in devstack.yml, no .env', async () => {
    const endpoint = await postgresEndpoint(
      'profiles: [postgres]\nservices:\n  postgres:\n    environment:\n      POSTGRES_USER: alice\n      POSTGRES_PASSWORD: s3cret\n      POSTGRES_DB: shop\n',
    );
    expect(endpoint.url).toBe('postgres://alice:s3cret@127.0.0.1:15432/shop');
    expect(endpoint.credentials).toBe('POSTGRES_USER, POSTGRES_PASSWORD as the stack files set them (no .env)');
  });

  it('name .env only when .env sets them, and encode what a URL cannot hold', async () => {
    const endpoint = await postgresEndpoint('profiles: [postgres]\n', 'POSTGRES_USER=bob\nPOSTGRES_PASSWORD=p@ss:word\n');
    expect(endpoint.url).toBe('postgres://bob:p%40ss%3Aword@127.0.0.1:15432/app');
    expect(endpoint.credentials).toBe('POSTGRES_USER, POSTGRES_PASSWORD in .env');
    const partly = await postgresEndpoint('profiles: [postgres]\n', 'POSTGRES_PASSWORD=x1y2z3\n');
    expect(partly.url).toBe('postgres://app:x1y2z3@127.0.0.1:15432/app');
    expect(partly.credentials).toBe('POSTGRES_PASSWORD in .env; POSTGRES_USER as the stack files set it (not in .env)');
  });
});
