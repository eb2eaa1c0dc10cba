import { stringify } from 'yaml';
import type { Runtime } from './detect-runtime.js';

export const DATA_PROFILES = ['postgres', 'redis', 'minio', 'prometheus', 'grafana'] as const;

/** Variables each profile reads from .env, with the dev defaults the profile itself falls back to. */
const PROFILE_ENV: Record<string, Array<[string, string]>> = {
  postgres: [
    ['POSTGRES_USER', 'app'],
    ['POSTGRES_PASSWORD', 'change-me'],
    ['POSTGRES_DB', 'app'],
    ['POSTGRES_PORT', '5432'],
  ],
  redis: [['REDIS_PORT', '6379']],
  minio: [
    ['MINIO_ROOT_USER', 'devstack'],
    ['MINIO_ROOT_PASSWORD', 'change-me'],
    ['MINIO_BUCKETS', 'uploads'],
    ['MINIO_PORT', '9000'],
    ['MINIO_CONSOLE_PORT', '9001'],
  ],
  prometheus: [['PROMETHEUS_PORT', '9090']],
  grafana: [
    ['GRAFANA_ADMIN_USER', 'admin'],
    ['GRAFANA_ADMIN_PASSWORD', 'change-me'],
    ['GRAFANA_PORT', '3000'],
  ],
};

/** `app` holds what the project needs written over its app profile's service: the entry point it really has. */
export function stackFile(name: string, runtime: Runtime | undefined, profiles: string[], app: Record<string, unknown> = {}): string {
  const all = [...(runtime ? [`app-${runtime}`] : []), ...profiles];
  const dependsOn = Object.fromEntries(profiles.filter((p) => p === 'postgres' || p === 'redis').map((p) => [p, { condition: 'service_healthy' }]));
  const doc: Record<string, unknown> = { name, profiles: all };
  const service = { ...app, ...(Object.keys(dependsOn).length ? { depends_on: dependsOn } : {}) };
  if (runtime && Object.keys(service).length) doc.services = { app: service };
  return `# devstack stack: \`devstack up\` brings it up, \`devstack config\` shows it merged.\n# Override any field of a profile's service here, under services:.\n${stringify(doc)}`;
}

export function envExample(runtime: Runtime | undefined, profiles: string[]): string {
  const lines = ['# Copy to .env and change the secrets; .env must never be committed.'];
  if (runtime) lines.push('APP_PORT=8080');
  for (const profile of profiles) for (const [key, value] of PROFILE_ENV[profile] ?? []) lines.push(`${key}=${value}`);
  return `${lines.join('\n')}\n`;
}

const IGNORE_BY_RUNTIME: Record<Runtime, string[]> = {
  go: ['bin/', 'tmp/', '*.test', 'coverage.out'],
  node: ['dist/', 'build/', 'coverage/', 'npm-debug.log*'],
  python: ['__pycache__/', '*.pyc', '.venv/', 'venv/', '.pytest_cache/', 'dist/', 'build/'],
};

export function dockerignore(runtime: Runtime | undefined): string {
  // node_modules for every runtime: a Go or Python project with a front end has one too, and `check` asks for it.
  const lines = ['.git', '.devstack/', '.env', '.env.*', '!.env.example', '*.log', 'node_modules/', ...(runtime ? IGNORE_BY_RUNTIME[runtime] : [])];
  return `${lines.join('\n')}\n`;
}
