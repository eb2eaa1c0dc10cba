import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, start, waitFor } from './helpers.js';
import { inTerminal, plainText } from './pty.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const STACK = `services:
  app:
    image: busybox:latest
    working_dir: /app
    command: ["sh", "-c", "mkdir -p /www && echo ok > /www/index.html && echo app runs as $$POSTGRES_USER && echo connecting to $$DATABASE_URL with $$POSTGRES_PASSWORD && exec httpd -f -p 8080 -h /www"]
    environment:
      POSTGRES_USER: \${POSTGRES_USER}
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD}
      DATABASE_URL: postgres://\${POSTGRES_USER}:\${POSTGRES_PASSWORD}@db:5432/\${POSTGRES_DB}
    ports: ["\${APP_PORT}:8080"]
    volumes: ["./src:/app/src"]
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:8080/index.html"]
      interval: 1s
    x-devstack:
      endpoints:
        - name: App
          url: http://{host}:{port:8080}
    develop:
      watch:
        - path: ./conf
          target: /app/conf
          action: sync
`;

/** The README's first step, `cp .env.example .env`, with the user name equal to the service's name. */
describe('masking by name: POSTGRES_USER=app and a service named app', () => {
  const dir = mkdtempSync(join(tmpdir(), 'devstack-masking-'));
  const name = `mask${Date.now().toString(36)}`;
  let port = 0;

  beforeAll(async () => {
    port = await freePort();
    writeFileSync(join(dir, 'devstack.yml'), STACK);
    writeFileSync(join(dir, '.env'), `POSTGRES_USER=app\nPOSTGRES_PASSWORD=app-dev-password\nPOSTGRES_DB=app\nAPP_PORT=${port}\n`);
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'conf'));
  });
  afterAll(() => cleanup(name));

  it('config masks the password alone; names, ports and paths print as they are', async () => {
    const yaml = await devstack(['config', '-p', name], dir);
    expect(yaml.code, yaml.stderr).toBe(0);
    expect(yaml.stdout.match(/\*\*\*\*/g)).toHaveLength(2);
    expect(yaml.stdout).toContain('POSTGRES_PASSWORD: "****"');
    expect(yaml.stdout).toContain('DATABASE_URL: postgres://app:****@db:5432/app');
    expect(yaml.stdout).toContain('POSTGRES_USER: app');
    expect(yaml.stdout).toContain(`published: "${port}"`);
    expect(yaml.stdout).toContain('target: /app/src');
    expect(yaml.stdout).toContain('working_dir: /app');
    expect(yaml.stdout).not.toContain('app-dev-password');
  });

  it('config --no-mask prints what will run, with no warning when stdout is not a terminal', async () => {
    const json = await devstack(['config', '-p', name, '--no-mask', '--format', 'json'], dir);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    const model = JSON.parse(json.stdout) as { services: { app: { environment: Record<string, string> } } };
    expect(model.services.app.environment).toEqual({
      POSTGRES_USER: 'app',
      POSTGRES_PASSWORD: 'app-dev-password',
      DATABASE_URL: 'postgres://app:app-dev-password@db:5432/app',
    });
  });

  it('config --no-mask warns on stderr when stdout is a terminal', async () => {
    const { code, screen } = await inTerminal(['config', '-p', name, '--no-mask'], dir).done;
    expect(code).toBe(0);
    expect(plainText(screen)).toContain('warning: --no-mask prints secrets in clear');
    expect(plainText(screen)).toContain('POSTGRES_PASSWORD: app-dev-password');
  });

  it('up: no **** in the plain lines or the URL table, and none in --json', async () => {
    const result = await devstack(['up', '-p', name], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toContain('****');
    expect(result.stdout).toMatch(new RegExp(`app\\s+App\\s+http://127\\.0\\.0\\.1:${port}`));
    expect(result.stderr).toMatch(/app: /);
    const json = await devstack(['up', '-p', name, '--force-recreate', '--json'], dir);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout + json.stderr).not.toContain('****');
    expect(json.stdout).toContain(`http://127.0.0.1:${port}`);
  });

  it('logs: the password a service prints is masked, its user and database names are not', async () => {
    const logs = await devstack(['logs', 'app', '-p', name], dir);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toContain('app runs as app');
    expect(logs.stdout).toContain('connecting to postgres://app:****@db:5432/app with ****');
    expect(logs.stdout).not.toContain('app-dev-password');
  });

  it('up in a terminal: the task tree and the URL table show app and its port', async () => {
    const { code, screen } = await inTerminal(['up', '-p', name, '--force-recreate'], dir).done;
    const text = plainText(screen);
    expect(code, text).toBe(0);
    expect(text).not.toContain('****');
    // The task tree's line for the service, and the URL table's row: the name in clear where a person reads it.
    expect(text).toMatch(/(^|\s)\S+ app ready\b/m);
    expect(text).toMatch(new RegExp(`app\\s+App\\s+http://127\\.0\\.0\\.1:${port}`));
  });

  it('watch lines name app and /app/conf', async () => {
    const run = start(['watch', '-p', name], dir);
    let out = '';
    run.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => /watching/i.test(out + run.stderr()), 60_000);
    writeFileSync(join(dir, 'conf', 'settings.ini'), 'x=1\n');
    // Not /sync/: the watching line (`sync conf → /app/conf`) has it, and the sync would not be waited for.
    await waitFor(() => /app: synced/.test(out), 60_000);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.stdout + result.stderr).not.toContain('****');
    expect(result.stdout).toMatch(/^\S+ app: watching sync \S*conf → \/app\/conf\b/m);
    expect(result.stdout).toMatch(/^\S+ app: synced, 1 file \(conf\/settings\.ini\)/m);
  });

  it('error hints name app: a mistyped service, and a port another project holds', async () => {
    const typo = await devstack(['logs', '-p', name, 'apx'], dir);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Did you mean "app"?');
    expect(typo.stderr).not.toContain('****');
    const other = `${name}b`;
    try {
      const taken = await devstack(['up', '-p', other], dir);
      expect(taken.code).toBe(1);
      expect(taken.stderr).toContain(`127.0.0.1:${port} (service app) is held by container ${name}-app-1`);
      expect(taken.stderr).not.toContain('****');
    } finally {
      await cleanup(other);
    }
  });
});
