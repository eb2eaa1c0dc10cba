import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadStack } from '../../../src/config/index.js';
import type { StackSpec } from '../../../src/model/stack.js';
import { desiredContainer } from '../../../src/plan/desired-container.js';
import { generatedAssets, prometheusConfig } from '../../../src/profiles/generated-assets.js';

const profilesDir = resolve(import.meta.dirname, '../../../profiles');
const ALL = ['postgres', 'redis', 'minio', 'prometheus', 'grafana', 'app-node', 'app-python', 'app-go'];

async function stackWith(profiles: string[], extra = '', dotenv = ''): Promise<StackSpec> {
  const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
  writeFileSync(join(dir, 'devstack.yml'), `name: demo\nprofiles: [${profiles.join(', ')}]\n${extra}`);
  if (dotenv) writeFileSync(join(dir, '.env'), dotenv);
  return loadStack({ cwd: dir, env: { HOME: '/root' }, builtinProfilesDir: profilesDir });
}

describe('every built-in profile renders a container spec with the production habits', () => {
  it.each(ALL)('%s', async (profile) => {
    // app profiles each define `app`; load them one at a time.
    const stack = await stackWith(profile === 'grafana' ? ['prometheus', 'grafana'] : [profile]);
    for (const service of Object.values(stack.services)) {
      const spec = desiredContainer(stack, service);
      if (service.image) expect(service.image).toMatch(/:(?!latest$)[\w.-]+$/);
      expect(spec.securityOpt).toContain('no-new-privileges:true');
      if (service.name === 'minio-init') continue;
      expect(spec.healthcheck?.test.length).toBeGreaterThan(1);
      expect(spec.logging).toEqual({ driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } });
      expect(spec.memoryBytes).toBeGreaterThan(0);
      expect(spec.nanoCpus).toBeGreaterThan(0);
      for (const port of spec.ports) expect(port.hostIp).toBe('127.0.0.1');
      for (const value of Object.values(spec.env)) expect(value).not.toMatch(/\$\{/);
    }
  });
});

describe('postgres', () => {
  it('takes credentials from .env, mounts the init scripts, and keeps data in a named volume', async () => {
    const stack = await stackWith(['postgres'], '', 'POSTGRES_PASSWORD=s3cret-from-env\nPOSTGRES_DB=shop\n');
    const spec = desiredContainer(stack, stack.services.postgres!);
    expect(spec.image).toBe('pgvector/pgvector:0.8.0-pg17');
    expect(spec.env).toEqual({ POSTGRES_USER: 'app', POSTGRES_PASSWORD: 's3cret-from-env', POSTGRES_DB: 'shop' });
    expect(stack.secretValues).toContain('s3cret-from-env');
    expect(spec.mounts).toEqual(
      expect.arrayContaining([
        { type: 'volume', source: 'demo_postgres-data', target: '/var/lib/postgresql/data', readOnly: false },
        { type: 'bind', source: join(profilesDir, 'postgres/initdb'), target: '/docker-entrypoint-initdb.d', readOnly: true },
        { type: 'bind', source: join(stack.projectDir, 'db/init'), target: '/devstack/initdb.d', readOnly: true },
      ]),
    );
    expect(spec.stopSignal).toBe('SIGINT');
    expect(readFileSync(join(profilesDir, 'postgres/initdb/00-vector.sql'), 'utf8')).toContain('CREATE EXTENSION IF NOT EXISTS vector');
  });

  it('lets the project override a field of the profile, such as the published port', async () => {
    const stack = await stackWith(['postgres'], 'services:\n  postgres:\n    ports: ["127.0.0.1:15432:5432"]\n');
    expect(stack.services.postgres!.ports).toEqual([{ hostIp: '127.0.0.1', hostPort: 15432, containerPort: 5432, protocol: 'tcp' }]);
  });
});

describe('minio', () => {
  it('creates the buckets from MINIO_BUCKETS once MinIO is healthy, without curl in the image', async () => {
    const stack = await stackWith(['minio'], '', 'MINIO_BUCKETS=uploads,avatars\n');
    const init = stack.services['minio-init']!;
    expect(init.dependsOn).toEqual({ minio: { condition: 'service_healthy', restart: false, required: true } });
    expect(init.environment.MINIO_BUCKETS).toBe('uploads,avatars');
    expect(stack.services.minio!.healthcheck!.test).toEqual(['CMD', 'mc', 'ready', 'local']);
    const script = readFileSync(join(profilesDir, 'minio/create-buckets.sh'), 'utf8');
    expect(script).toContain('mc mb --ignore-existing "local/$bucket"');
    expect(init.volumes).toContainEqual({
      type: 'bind',
      source: join(profilesDir, 'minio/create-buckets.sh'),
      target: '/devstack/create-buckets.sh',
      readOnly: true,
    });
  });
});

describe('grafana', () => {
  it('provisions Prometheus as the default datasource under a fixed uid that the dashboard uses', async () => {
    const stack = await stackWith(['prometheus', 'grafana']);
    const grafana = stack.services.grafana!;
    expect(grafana.environment).toMatchObject({ GF_USERS_ALLOW_SIGN_UP: 'false', GF_SECURITY_ADMIN_USER: 'admin' });
    expect(stack.secretValues).toContain(grafana.environment.GF_SECURITY_ADMIN_PASSWORD);
    const datasources = parse(readFileSync(join(profilesDir, 'grafana/provisioning/datasources/prometheus.yml'), 'utf8'));
    expect(datasources.datasources).toEqual([expect.objectContaining({ uid: 'prometheus', isDefault: true, url: 'http://prometheus:9090' })]);
    const provider = parse(readFileSync(join(profilesDir, 'grafana/provisioning/dashboards/devstack.yml'), 'utf8'));
    const dashboardsMount = grafana.volumes.find((m) => m.target === provider.providers[0].options.path);
    expect(dashboardsMount).toMatchObject({ type: 'bind', source: join(profilesDir, 'grafana/dashboards') });
    const dashboard = JSON.parse(readFileSync(join(profilesDir, 'grafana/dashboards/app.json'), 'utf8'));
    const uids = dashboard.panels.flatMap((p: { datasource: { uid: string }; targets: Array<{ datasource: { uid: string } }> }) => [
      p.datasource.uid,
      ...p.targets.map((t) => t.datasource.uid),
    ]);
    expect(new Set(uids)).toEqual(new Set(['prometheus']));
    expect(JSON.stringify(dashboard)).not.toContain('${');
  });
});

describe('prometheus scrape configuration', () => {
  it('scrapes every service that declares x-devstack.metrics, by service name', async () => {
    const stack = await stackWith(
      ['prometheus', 'app-node'],
      'services:\n  worker:\n    image: busybox:1.37\n    x-devstack:\n      metrics: { path: /stats, port: 9100 }\n',
    );
    const config = parse(prometheusConfig(stack));
    expect(config.scrape_configs).toEqual([
      { job_name: 'prometheus', static_configs: [{ targets: ['127.0.0.1:9090'] }] },
      { job_name: 'app', metrics_path: '/metrics', static_configs: [{ targets: ['app:8080'] }] },
      { job_name: 'worker', metrics_path: '/stats', static_configs: [{ targets: ['worker:9100'] }] },
    ]);
  });

  it('labels prometheus with the config hash, so a new target recreates it', async () => {
    const one = generatedAssets(await stackWith(['prometheus', 'app-node']));
    const two = generatedAssets(await stackWith(['prometheus']));
    expect(one.files[0]!.path).toMatch(/\.devstack\/generated\/prometheus\.yml$/);
    expect(one.stack.services.prometheus!.labels['dev.devstack.assets-hash']).not.toBe(two.stack.services.prometheus!.labels['dev.devstack.assets-hash']);
  });
});
