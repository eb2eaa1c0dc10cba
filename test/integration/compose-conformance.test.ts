import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../src/config/units.js';
import { ENV, render, templates } from '../unit/support/templates.js';
import { bin } from './helpers.js';
import { lacks } from './extras.js';

const run = promisify(execFile);
const corpus = resolve(import.meta.dirname, '../fixtures/compose');
const fixtures = readdirSync(corpus).sort();

/**
 * Every difference devstack's `config --no-mask --format json` may show against `docker compose config --format json`,
 * with the reason. This table is the one list; the README's Compose compatibility section repeats it.
 * `field` matches a path with `*` for any key or index; `explains` says which values the exception covers.
 */
export const COMPOSE_EXCEPTIONS: Array<{ field: string; reason: string; explains: (compose: unknown, ours: unknown) => boolean }> = [
  {
    field: 'services.*.ports.*.host_ip',
    reason: 'a port without a host address is published on 127.0.0.1 (Compose: every interface), and shown as such',
    explains: (compose, ours) => compose === undefined && ours === '127.0.0.1',
  },
  {
    field: 'services.*.volumes.*.bind',
    reason: 'short-syntax binds: Compose prints bind.create_host_path: true; devstack creates missing bind sources without printing it',
    explains: (compose, ours) => JSON.stringify(compose) === '{"create_host_path":true}' && ours === undefined,
  },
  {
    field: 'services.*.volumes.*.volume',
    reason: 'short-syntax named volumes: Compose prints an empty volume: {} block',
    explains: (compose, ours) => JSON.stringify(compose) === '{}' && ours === undefined,
  },
  {
    field: 'services.*.environment.*',
    reason: 'a number keeps the digits it was written with (FLOAT: 1.10 stays "1.10"; Compose prints "1.1")',
    explains: (compose, ours) => typeof compose === 'string' && typeof ours === 'string' && compose !== ours && Number(compose) === Number(ours),
  },
  {
    field: 'volumes.*',
    reason: 'a declared volume no service mounts is still shown (Compose leaves it out)',
    explains: (compose, ours) => compose === undefined && ours !== undefined,
  },
  {
    field: 'volumes',
    reason: 'a declared volume no service mounts is still shown (Compose leaves it out)',
    explains: (compose, ours) => compose === undefined && ours !== undefined,
  },
  {
    field: 'networks.default',
    reason: "every service joins the project's default network (service networks: are not supported and named in the warning)",
    explains: (compose, ours) => compose === undefined && JSON.stringify(ours) === JSON.stringify({ name: (ours as { name: string }).name, ipam: {} }),
  },
  {
    field: 'services.*.networks',
    reason: "every service joins the project's default network (service networks: are not supported and named in the warning)",
    explains: (_compose, ours) => JSON.stringify(ours) === '{"default":null}',
  },
  {
    field: 'services.*.depends_on.*',
    reason: 'a required: false dependency on a service its profiles leave out is dropped (Compose lists it and skips it)',
    explains: (compose, ours) => ours === undefined && (compose as { required?: boolean } | undefined)?.required === false,
  },
  {
    field: 'services.*.tmpfs.*',
    reason: 'a tmpfs size is shown in bytes (/tmp:size=67108864; Compose repeats /tmp:size=64m as written)',
    explains: (compose, ours) => {
      const [a, b] = [String(compose).split(':size='), String(ours).split(':size=')];
      return a[0] === b[0] && a[1] !== undefined && parseBytes(a[1]) === Number(b[1]);
    },
  },
  {
    field: 'services.*.healthcheck',
    reason: 'test: ["NONE"] is shown as disable: true, which means the same to the engine',
    explains: (compose, ours) => JSON.stringify(compose) === '{"test":["NONE"]}' && JSON.stringify(ours) === '{"disable":true}',
  },
  {
    field: 'x-*',
    reason: 'top-level x- extension blocks (anchors for YAML aliases) are not printed',
    explains: (compose, ours) => compose !== undefined && ours === undefined,
  },
];

function matches(pattern: string, path: string[]): boolean {
  if (pattern === '*') return true;
  const parts = pattern.split('.');
  return (
    parts.length === path.length && parts.every((part, i) => part === '*' || part === path[i] || (part.endsWith('*') && path[i]!.startsWith(part.slice(0, -1))))
  );
}

interface Difference {
  path: string;
  compose: unknown;
  ours: unknown;
}

/** Field-by-field comparison; object key order does not matter, list order does. */
function differences(compose: unknown, ours: unknown, path: string[] = []): Difference[] {
  if (JSON.stringify(compose) === JSON.stringify(ours)) return [];
  const explained = COMPOSE_EXCEPTIONS.some((exception) => matches(exception.field, path) && exception.explains(compose, ours));
  if (explained) return [];
  if (compose && ours && typeof compose === 'object' && typeof ours === 'object' && Array.isArray(compose) === Array.isArray(ours)) {
    const keys = new Set([...Object.keys(compose), ...Object.keys(ours)]);
    return [...keys].flatMap((key) => differences((compose as Record<string, unknown>)[key], (ours as Record<string, unknown>)[key], [...path, key]));
  }
  return [{ path: path.join('.'), compose, ours }];
}

interface Fixture {
  args: string[];
  devstackArgs?: string[];
  env: Record<string, string>;
  /** Keys devstack must name in its one unsupported-keys warning; differences under them are explained by it. */
  unsupported?: string[];
}

function fixture(dir: string): Fixture {
  const file = join(dir, 'fixture.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Fixture) : { args: [], env: {} };
}

/** A clean environment: nothing from the shell running the tests may change what either tool reads. */
function environment(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: '/home/tester',
    ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
    ...extra,
  };
}

async function composeConfig(dir: string, spec: Fixture): Promise<unknown> {
  const { stdout } = await run('docker', ['compose', ...spec.args, 'config', '--format', 'json'], { cwd: dir, env: environment(spec.env) });
  return JSON.parse(stdout);
}

async function devstackConfig(dir: string, spec: Fixture): Promise<{ model: unknown; warned: string[] }> {
  // --no-mask: what will run, value for value, is what both tools must agree on.
  const args = ['config', '--no-mask', '--format', 'json', ...spec.args, ...(spec.devstackArgs ?? [])];
  const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: dir, env: environment({ ...spec.env, NO_COLOR: '1' }) });
  const warnings = stderr.match(/^warning: /gm) ?? [];
  expect(warnings.length).toBeLessThanOrEqual(1);
  // "  services.app.ports[0].mode (/abs/compose.yaml:10:9)", or with what is unsupported there:
  // "  services.app.volumes[0] volume mode "z" (/abs/compose.yaml:6:9)".
  const warned = [...stderr.matchAll(/^ {2}(\S+)(?: [^()]*)? \((.+):(\d+):(\d+)\)$/gm)].map((match) => match[1]!.replace(/\[(\d+)\]/g, '.$1'));
  return { model: JSON.parse(stdout), warned };
}

describe.skipIf(lacks('compose'))('Compose conformance: devstack config --format json against docker compose config --format json', () => {
  it('has Docker Compose v2 to compare with (scripts/install-compose.sh installs it)', async () => {
    const { stdout } = await run('docker', ['compose', 'version']);
    expect(stdout).toMatch(/Docker Compose version v?2\./);
  });

  it('has a corpus of at least 30 Compose files', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
  });

  it.each(fixtures)('%s: same model, differences only where documented', async (name) => {
    const dir = join(corpus, name);
    const spec = fixture(dir);
    const [theirs, ours] = await Promise.all([composeConfig(dir, spec), devstackConfig(dir, spec)]);
    expect(ours.warned.sort()).toEqual((spec.unsupported ?? []).map((key) => key.replace(/\[(\d+)\]/g, '.$1')).sort());
    const unexplained = differences(theirs, ours.model).filter((d) => !ours.warned.some((key) => d.path === key || d.path.startsWith(`${key}.`)));
    expect(unexplained).toEqual([]);
  });

  it('catches a difference that no exception explains', () => {
    expect(differences({ services: { a: { image: 'x:1' } } }, { services: { a: { image: 'x:2' } } })).toEqual([
      { path: 'services.a.image', compose: 'x:1', ours: 'x:2' },
    ]);
    expect(differences({ services: { a: { ports: [{ host_ip: '0.0.0.0' }] } } }, { services: { a: { ports: [{ host_ip: '127.0.0.1' }] } } })).toHaveLength(1);
  });
});

describe.skipIf(lacks('compose'))('Compose conformance: interpolation on random templates', () => {
  it('gives each of 300 random templates the value docker compose gives it', async () => {
    // `:?`/`?` stop Compose at the first missing variable; the unit properties cover them.
    const samples = fc.sample(templates([':-', '-', ':+', '+']), { seed: 7, numRuns: 300 }).map(render);
    const dir = mkdtempSync(join(tmpdir(), 'compose-interpolation-'));
    const environment = samples.map((text, i) => `      T${i}: ${JSON.stringify(text)}`).join('\n');
    writeFileSync(join(dir, 'compose.yaml'), `name: interpolation\nservices:\n  app:\n    image: busybox:latest\n    environment:\n${environment}\n`);
    const spec: Fixture = { args: [], devstackArgs: ['--allow-unset'], env: ENV };
    const [theirs, ours] = await Promise.all([composeConfig(dir, spec), devstackConfig(dir, spec)]);
    const env = (model: unknown) => (model as { services: { app: { environment: Record<string, string> } } }).services.app.environment;
    const mismatches = samples.flatMap((text, i) =>
      env(theirs)[`T${i}`] === env(ours.model)[`T${i}`] ? [] : [{ text, compose: env(theirs)[`T${i}`], ours: env(ours.model)[`T${i}`] }],
    );
    expect(Object.keys(env(theirs))).toHaveLength(samples.length);
    expect(mismatches).toEqual([]);
  });
});

describe.skipIf(lacks('compose'))('Compose conformance: required-variable forms on random templates', () => {
  it('fails exactly where docker compose fails, and otherwise gives its value (40 templates with :? and ?)', async () => {
    const { interpolate } = await import('../../src/config/interpolate.js');
    const samples = fc.sample(templates([':-', '-', ':?', '?', ':+', '+']), { seed: 11, numRuns: 40 }).map(render);
    const dir = mkdtempSync(join(tmpdir(), 'compose-required-'));
    const mismatches: unknown[] = [];
    for (const text of samples) {
      writeFileSync(
        join(dir, 'compose.yaml'),
        `name: required\nservices:\n  app:\n    image: busybox:latest\n    environment:\n      T: ${JSON.stringify(text)}\n`,
      );
      const compose = await composeConfig(dir, { args: [], env: ENV }).then(
        (model) => ({ value: (model as { services: { app: { environment: { T: string } } } }).services.app.environment.T.replaceAll('$$', '$') }),
        () => ({ failed: true }),
      );
      const ours = interpolate(text, (name) => (Object.hasOwn(ENV, name) ? ENV[name] : undefined), true);
      const same = 'failed' in compose ? ours.errors.length > 0 : ours.errors.length === 0 && ours.value === compose.value;
      if (!same) mismatches.push({ text, compose, ours });
    }
    expect(mismatches).toEqual([]);
  });
});
