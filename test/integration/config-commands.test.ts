import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devstack } from './helpers.js';

function projectWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'config-cli-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

describe('devstack config', () => {
  it('prints the merged stack with every secret masked, as YAML or JSON', async () => {
    const dir = projectWith({
      'devstack.yml':
        'profiles: [postgres]\nservices:\n  api:\n    image: busybox:1.37\n    environment:\n      API_TOKEN: tok-9f8e7d\n      DB_URL: postgres://app:${POSTGRES_PASSWORD}@postgres/app\n',
      // A quote and a backslash: YAML escapes them, so masking must happen before printing.
      '.env': 'POSTGRES_PASSWORD=pw-from"dotenv\\x\n',
    });
    const yaml = await devstack(['config'], dir);
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toContain('POSTGRES_PASSWORD: "****"');
    const json = await devstack(['config', '--format', 'json'], dir);
    const stack = JSON.parse(json.stdout) as { services: Record<string, { environment: Record<string, string>; image: string }> };
    expect(stack.services.api!.environment).toEqual({ API_TOKEN: '****', DB_URL: 'postgres://app:****@postgres/app' });
    expect(stack.services.postgres!.image).toBe('pgvector/pgvector:0.8.0-pg17');
    expect(json.stdout + yaml.stdout).not.toMatch(/pw-from|tok-9f8e7d/);
  });
});

describe('devstack profiles', () => {
  it("lists the built-in profiles and the project's own, each with its description", async () => {
    const dir = projectWith({
      'devstack.yml': 'profiles: [redis, ./ops/queue.yml]\n',
    });
    const opsDir = join(dir, 'ops');
    (await import('node:fs')).mkdirSync(opsDir);
    writeFileSync(join(opsDir, 'queue.yml'), 'x-devstack-profile:\n  description: Our job queue\nservices:\n  queue:\n    image: busybox:1.37\n');
    const result = await devstack(['profiles', '--json'], dir);
    const list = JSON.parse(result.stdout) as Array<{ name: string; source: string; description: string; services: string[] }>;
    expect(list.filter((p) => p.source === 'built-in').map((p) => p.name)).toEqual([
      'app-go',
      'app-node',
      'app-python',
      'grafana',
      'minio',
      'postgres',
      'prometheus',
      'redis',
    ]);
    expect(list.every((p) => p.description !== '(no description)')).toBe(true);
    expect(list.at(-1)).toMatchObject({ name: 'ops/queue.yml', source: 'project', description: 'Our job queue', services: ['queue'] });
  });
});

describe('devstack config on a Compose file', () => {
  const compose = 'services:\n  app:\n    image: busybox:latest\n    container_name: fixed\n    environment:\n      URL: ${URL}\n';

  it('names unsupported keys in one warning, and fails with exit 2 and file:line:column under --strict', async () => {
    const dir = projectWith({ 'compose.yaml': compose });
    const lenient = await devstack(['config', '--format', 'json', '--allow-unset'], dir);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr.match(/^warning:/gm)).toHaveLength(1);
    expect(lenient.stderr).toContain(`services.app.container_name (${dir}/compose.yaml:4:5)`);
    expect(JSON.parse(lenient.stdout).services.app.environment).toEqual({ URL: '' });
    const strict = await devstack(['config', '--strict', '--allow-unset'], dir);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('compose.yaml:4:5');
    expect(strict.stderr).toContain('Compose key "container_name" is not supported by devstack');
  });

  it('reports an unset variable with its position unless --allow-unset', async () => {
    const dir = projectWith({ 'compose.yaml': compose });
    const result = await devstack(['config'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('compose.yaml:6:12');
    expect(result.stderr).toContain('variable URL is not set');
  });
});

describe('devstack import', () => {
  it('writes a devstack.yml using the built-in profiles, which devstack config then loads', async () => {
    const dir = projectWith({
      'docker-compose.yml':
        'services:\n  db:\n    image: postgres:17\n    environment: [POSTGRES_PASSWORD=pw]\n  app:\n    image: busybox:latest\n    depends_on: [db]\n',
      'docker-compose.override.yml': 'services:\n  app:\n    environment: {DEBUG: "1"}\n',
    });
    const result = await devstack(['import', '--json'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('db: built-in profile postgres (service renamed to postgres); kept environment.POSTGRES_PASSWORD');
    expect(result.stderr).toContain('sets POSTGRES_USER: postgres, the default of the postgres image');
    expect(result.stderr).toContain('docker-compose.override.yml is merged over Compose files only, not over devstack.yml');
    expect(JSON.parse(result.stdout)).toMatchObject({ kept: ['app'], replaced: [{ from: 'db', profile: 'postgres', to: 'postgres' }] });
    const config = JSON.parse((await devstack(['config', '--format', 'json'], dir)).stdout) as {
      services: Record<string, { image: string; depends_on?: object }>;
    };
    expect(config.services.postgres!.image).toBe('pgvector/pgvector:0.8.0-pg17');
    expect(Object.keys(config.services.app!.depends_on!)).toEqual(['postgres']);
    const again = await devstack(['import'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('devstack.yml already exists');
  });
});
