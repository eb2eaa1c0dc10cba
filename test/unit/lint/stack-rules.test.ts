import { describe, expect, it } from 'vitest';
import { stackLocator } from '../../../src/lint/stack/locator.js';
import { stackRules } from '../../../src/lint/stack/stack-rules.js';
import { lines, loadYaml } from '../config/helpers.js';

async function hitsOf(ruleId: string, yaml: string, imageHealthchecks: string[] = []) {
  const stack = await loadYaml(yaml);
  const target = { stack, locate: await stackLocator(stack.files), imageHealthchecks: new Set(imageHealthchecks) };
  return stackRules
    .find((r) => r.id === ruleId)!
    .check(target)
    .map((h) => [h.at.line, h.at.column]);
}

const HEALTHY_DB = ['  db:', '    image: postgres:16.4', '    mem_limit: 512m', '    healthcheck:', '      test: ["CMD", "pg_isready"]'];

describe('stack rules', () => {
  it('has a case below for every rule', () => {
    expect(stackRules.map((r) => r.id).sort()).toEqual(
      [
        'stack/build-dockerfile',
        'stack/depends-on-healthy',
        'stack/docker-socket',
        'stack/healthcheck',
        'stack/limits',
        'stack/no-latest',
        'stack/privileged',
        'stack/public-port',
      ].sort(),
    );
  });

  it('stack/healthcheck trips on a service without one, at its key', async () => {
    expect(await hitsOf('stack/healthcheck', lines('services:', '  api:', '    image: app:1.0', ...HEALTHY_DB))).toEqual([[2, 3]]);
  });
  it('stack/healthcheck accepts a healthcheck from the image, and one-shot jobs', async () => {
    const yaml = lines(
      'services:',
      '  api:',
      '    build: .',
      '    depends_on:',
      '      migrate: { condition: service_completed_successfully }',
      '  migrate:',
      '    image: app:1.0',
    );
    expect(await hitsOf('stack/healthcheck', yaml, ['api'])).toEqual([]);
  });

  it('stack/depends-on-healthy trips on service_started when the dependency has a healthcheck', async () => {
    const yaml = lines('services:', '  api:', '    image: app:1.0', '    depends_on:', '      db:', '        condition: service_started', ...HEALTHY_DB);
    expect(await hitsOf('stack/depends-on-healthy', yaml)).toEqual([[5, 7]]);
  });
  it('stack/depends-on-healthy accepts service_healthy, and service_started on a dependency without a healthcheck', async () => {
    const yaml = lines(
      'services:',
      '  api:',
      '    image: app:1.0',
      '    depends_on:',
      '      db: { condition: service_healthy }',
      '      cache: { condition: service_started }',
      '  cache:',
      '    image: redis:7.2',
      ...HEALTHY_DB,
    );
    expect(await hitsOf('stack/depends-on-healthy', yaml)).toEqual([]);
  });

  it('stack/limits trips on a service with no memory limit', async () => {
    expect(await hitsOf('stack/limits', lines('services:', '  api:', '    image: app:1.0', ...HEALTHY_DB))).toEqual([[2, 3]]);
    expect(await hitsOf('stack/limits', lines('services:', ...HEALTHY_DB))).toEqual([]);
  });

  it('stack/no-latest trips on :latest and on no tag, at the image value', async () => {
    expect(await hitsOf('stack/no-latest', lines('services:', '  a:', '    image: redis', '  b:', '    image: localhost:5000/team/app:latest'))).toEqual([
      [3, 12],
      [5, 12],
    ]);
  });
  it('stack/no-latest accepts versions, digests, and the tag of a built image', async () => {
    const yaml = lines(
      'services:',
      '  a:',
      '    image: localhost:5000/app:1.2',
      '  b:',
      '    image: redis@sha256:0466223b8544fb7d4ff04748acc4d75a608234bf4e79563bff208d2060c0dd79',
      '  c:',
      '    build: .',
      '    image: mine',
    );
    expect(await hitsOf('stack/no-latest', yaml)).toEqual([]);
  });

  it('stack/privileged trips on root-equivalent capabilities only', async () => {
    expect(await hitsOf('stack/privileged', lines('services:', '  a:', '    image: app:1.0', '    cap_add: [NET_ADMIN, SYS_ADMIN]'))).toEqual([[4, 26]]);
    expect(await hitsOf('stack/privileged', lines('services:', '  a:', '    image: app:1.0', '    cap_add: [SYS_PTRACE]'))).toEqual([]);
  });

  it('stack/docker-socket trips on a socket mount, at the mount', async () => {
    const yaml = lines(
      'services:',
      '  a:',
      '    image: app:1.0',
      '    volumes:',
      '      - ./src:/src',
      '      - /var/run/docker.sock:/var/run/docker.sock',
      '    x-devstack: { docker_socket: true }',
    );
    expect(await hitsOf('stack/docker-socket', yaml)).toEqual([[6, 9]]);
    // The service opted in (the loader refuses the mount otherwise), so it is a reminder, not an error.
    expect(stackRules.find((r) => r.id === 'stack/docker-socket')!.severity).toBe('warning');
    expect(await hitsOf('stack/docker-socket', lines('services:', '  a:', '    image: app:1.0', '    volumes:', '      - ./src:/src'))).toEqual([]);
  });

  it('stack/public-port trips on 0.0.0.0 without a written reason', async () => {
    expect(
      await hitsOf('stack/public-port', lines('services:', '  a:', '    image: app:1.0', '    ports:', '      - "127.0.0.1:80:80"', '      - "0.0.0.0:81:81"')),
    ).toEqual([[6, 9]]);
    const reasoned = lines(
      'services:',
      '  a:',
      '    image: app:1.0',
      '    ports: ["0.0.0.0:81:81", "82:82"]',
      '    x-devstack:',
      '      public_ports_reason: phones on the LAN test the app',
    );
    expect(await hitsOf('stack/public-port', reasoned)).toEqual([]);
  });
});
