/**
 * `npm run bench:engines`: devstack's cold up, no-op up and down of the bench stack (bench/stack) on
 * each engine of the test switch that answers (sandbox, current, podman, tls, ssh; BENCH_ENGINES picks),
 * one engine after another, BENCH_RUNS rounds (default 3), medians. Run after `npm run bundle`.
 * The figures go into the README's engine table; the machine is shared, so say how loaded it was.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testEngine, useTestEngine, type TestEngine } from '../test/integration/engine-under-test.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const engines = (process.env.BENCH_ENGINES ?? 'sandbox,current,podman,tls,ssh').split(',') as TestEngine[];
const base = { ...process.env };

function timed(args: string[], cwd: string, env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(root, 'bin/run.js'), ...args], { cwd, env: { ...env, CI: '1', NO_COLOR: '1' }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`devstack ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-800)}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rows: string[] = [];
for (const engine of engines) {
  for (const key of ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'SSH_AUTH_SOCK']) {
    if (base[key] === undefined) delete process.env[key];
    else process.env[key] = base[key];
  }
  process.env.DEVSTACK_TEST_ENGINE = engine;
  const stop = useTestEngine(testEngine());
  try {
    const dir = mkdtempSync(join(tmpdir(), `devstack-bench-${engine}-`));
    cpSync(join(root, 'bench/stack'), dir, { recursive: true });
    const env = { ...process.env, BENCH_REVISION: '0' };
    const samples = { cold: [] as number[], noop: [] as number[], down: [] as number[] };
    timed(['down', '--volumes', '--yes'], dir, env);
    for (let i = 0; i < runs; i += 1) {
      samples.cold.push(timed(['up'], dir, env));
      samples.noop.push(timed(['up'], dir, env));
      samples.down.push(timed(['down', '--volumes', '--yes'], dir, env));
    }
    rows.push(
      `| ${engine} | ${(median(samples.cold) / 1000).toFixed(2)} s | ${(median(samples.noop) / 1000).toFixed(2)} s | ${(median(samples.down) / 1000).toFixed(2)} s |`,
    );
  } catch (error) {
    rows.push(`| ${engine} | not measured: ${(error as Error).message.split('\n')[0]} | | |`);
  } finally {
    stop();
  }
}
console.log(
  `medians of ${runs} rounds, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log('| engine | cold up | no-op up | down |\n| --- | --- | --- | --- |');
console.log(rows.join('\n'));
