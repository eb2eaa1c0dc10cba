/**
 * The everyday commands of issue 18 against Docker Compose v2, on two running 2-service stacks
 * (bench/everyday-stack: devstack.yml and the equal compose.yaml, no published ports, so both run at
 * once). Every round runs each scenario for one tool and then the other, the order flipping each
 * round; BENCH_RUNS rounds (default 5), medians:
 *  1. `status` / `compose ps`;
 *  2. `logs web worker` / `compose logs web worker` (no follow);
 *  3. `exec -T web true` / `compose exec -T web true`;
 *  4. no-op `up` straight after an `up` that recreated both services (the engine's first healthcheck
 *     still an interval away) / `compose up -d --wait` straight after its own (untimed) one;
 *  5. start-up: `status` of a project with no containers (bench/everyday-stack/empty) / `node -e 0`.
 * Run alone with `npm run bench:everyday` (builds first), or as part of `npm run bench`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, median } from './figures.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stackDir = join(root, 'bench', 'everyday-stack');
const emptyDir = join(stackDir, 'empty');

type Scenario = 'status' | 'logs' | 'exec' | 'noop-up-after-up' | 'empty-status';
type Tool = 'devstack' | 'other';

interface Command {
  cmd: string;
  args: string[];
  cwd: string;
}

export interface EverydayFigure {
  devstackMs: number;
  otherMs: number;
  ratio: number;
  samples: Record<Tool, number[]>;
}

export type EverydayBench = Record<Scenario, EverydayFigure>;

const LABELS: Record<Scenario, [string, string]> = {
  status: ['1. status / compose ps', 'docker compose ps'],
  logs: ['2. logs of 2 services (no follow)', 'docker compose logs'],
  exec: ['3. exec -T web true', 'docker compose exec -T'],
  'noop-up-after-up': ['4. no-op up right after up', 'docker compose up -d --wait'],
  'empty-status': ['5. status, project with no containers', 'node -e 0'],
};

function timed(command: Command): number {
  const t0 = performance.now();
  const r = spawnSync(command.cmd, command.args, { cwd: command.cwd, env: { ...process.env, CI: '1', NO_COLOR: '1' }, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${command.cmd} ${command.args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return ms;
}

export function benchEveryday(cli = join(root, 'bin', 'run.js'), runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 5))): EverydayBench {
  const devstack = (...args: string[]): Command => ({ cmd: process.execPath, args: [cli, ...args], cwd: stackDir });
  const compose = (...args: string[]): Command => ({ cmd: 'docker', args: ['compose', '-f', 'compose.yaml', ...args], cwd: stackDir });
  const commands: Record<Scenario, Record<Tool, Command>> = {
    status: { devstack: devstack('status'), other: compose('ps') },
    logs: { devstack: devstack('logs', 'web', 'worker'), other: compose('logs', 'web', 'worker') },
    exec: { devstack: devstack('exec', '-T', 'web', '--', 'true'), other: compose('exec', '-T', 'web', 'true') },
    'noop-up-after-up': { devstack: devstack('up'), other: compose('up', '-d', '--wait') },
    'empty-status': { devstack: { ...devstack('status'), cwd: emptyDir }, other: { cmd: process.execPath, args: ['-e', '0'], cwd: emptyDir } },
  };
  // What makes scenario 4 "right after up": both services recreated, untimed, just before the timed no-op.
  const before: Partial<Record<Scenario, Record<Tool, Command>>> = {
    'noop-up-after-up': { devstack: devstack('up', '--force-recreate'), other: compose('up', '-d', '--wait', '--force-recreate') },
  };
  const samples = Object.fromEntries(Object.keys(commands).map((s) => [s, { devstack: [], other: [] }])) as unknown as Record<Scenario, Record<Tool, number[]>>;

  timed(devstack('up'));
  timed(compose('up', '-d', '--wait'));
  try {
    // Round 0 is not counted: page cache and engine warm.
    for (let i = 0; i <= runs; i += 1) {
      const order: Tool[] = i % 2 ? ['devstack', 'other'] : ['other', 'devstack'];
      for (const scenario of Object.keys(commands) as Scenario[]) {
        for (const tool of order) {
          const setup = before[scenario]?.[tool];
          if (setup) timed(setup);
          const ms = timed(commands[scenario][tool]);
          if (i > 0) samples[scenario][tool].push(ms);
        }
      }
      if (i > 0) process.stderr.write(`bench everyday: round ${i}/${runs} done\n`);
    }
  } finally {
    spawnSync(process.execPath, [cli, 'down'], { cwd: stackDir, env: { ...process.env, CI: '1' } });
    spawnSync('docker', ['compose', '-f', 'compose.yaml', 'down'], { cwd: stackDir });
  }
  return Object.fromEntries(
    Object.entries(samples).map(([scenario, s]) => [
      scenario,
      { devstackMs: median(s.devstack), otherMs: median(s.other), ratio: median(s.devstack) / median(s.other), samples: s },
    ]),
  ) as EverydayBench;
}

export function everydayReport(r: EverydayBench): string[] {
  const line = (scenario: Scenario) => {
    const f = r[scenario];
    const [label, other] = LABELS[scenario];
    return `  ${label}: devstack ${fmt(f.devstackMs)}, ${other} ${fmt(f.otherMs)} (${f.ratio.toFixed(2)} x)`;
  };
  const check = (ok: boolean, text: string) => `  [${ok ? 'met' : 'NOT met'}] ${text}`;
  const overNode = r['empty-status'].devstackMs - r['empty-status'].otherMs;
  return [
    'everyday commands (issue 18), medians:',
    ...(Object.keys(LABELS) as Scenario[]).map(line),
    check(r.status.ratio <= 1.5, `status <= 1.5 x compose ps (${r.status.ratio.toFixed(2)})`),
    check(r.logs.ratio <= 1.5, `logs <= 1.5 x compose logs (${r.logs.ratio.toFixed(2)})`),
    check(r.exec.ratio <= 1.5, `exec <= 1.5 x compose exec (${r.exec.ratio.toFixed(2)})`),
    check(r['noop-up-after-up'].ratio <= 0.5, `no-op up right after up <= 0.5 x compose up -d --wait (${r['noop-up-after-up'].ratio.toFixed(2)})`),
    check(overNode <= 120, `status of an empty project <= node -e 0 + 120 ms (+${fmt(overNode)})`),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // BENCH_DEVSTACK_DIR: measure an installed copy made elsewhere (same layout) instead of the tree's build.
  const dir = process.env.BENCH_DEVSTACK_DIR;
  const result = benchEveryday(dir ? join(dir, 'bin', 'run.js') : undefined);
  process.stdout.write(`${everydayReport(result).join('\n')}\n`);
  const results = join(root, 'bench', 'results');
  mkdirSync(results, { recursive: true });
  const file = join(results, `everyday-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(`bench: results written to ${file}\n`);
}
