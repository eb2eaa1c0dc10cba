/**
 * `npm run bench`: devstack against Docker Compose v2 on the same engine, same stack (bench/stack),
 * scenarios run alternately for the two tools (the order flips every round), medians and spread of
 * BENCH_RUNS rounds (default 5), plus the limit for a cold start measured straight through the engine
 * API (bench/limit.ts). Prints a table and writes bench/results/bench-<time>.json.
 *
 * Run after `npm run bundle`: it measures bin/run.js and dist/, what users run, from a copy made at
 * start (bin, dist, profiles, package.json, oclif.manifest.json, node_modules linked), so a rebuild in
 * the working tree during the bench cannot change or break what is measured.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanLimit, measureLimit, removeLimitVolumes } from './limit.js';
import { benchUi, uiReport } from './ui.js';
import { benchWatch, watchReport } from './watch.js';
import { benchBuild, buildReport } from './build.js';
import { benchEveryday, everydayReport } from './everyday.js';
import { fmt, median } from './figures.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stackDir = join(root, 'bench', 'stack');
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const startRuns = Math.max(runs * 4, 20);

type Tool = 'devstack' | 'compose';
type Scenario = 'cold-up' | 'noop-up-fresh' | 'noop-up' | 'recreate-up' | 'down' | 'status';
type Samples = Record<string, number[]>;

interface Command {
  cmd: string;
  args: string[];
}

/** The installed shape of devstack, copied out of the tree; removed when the bench ends. */
function snapshot(): string {
  const need = ['bin/run.js', 'dist/commands/status.js', 'oclif.manifest.json', 'package.json'];
  const missing = need.filter((f) => !existsSync(join(root, f)));
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run \`npm run bundle\` first`);
  const dir = mkdtempSync(join(tmpdir(), 'devstack-bench-'));
  for (const entry of ['bin', 'dist', 'profiles', 'package.json', 'oclif.manifest.json']) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  if (!need.every((f) => existsSync(join(dir, f)))) throw new Error('dist/ changed while it was copied (a build running?); run the bench again');
  return dir;
}

// BENCH_DEVSTACK_DIR: measure an installed copy made elsewhere (same layout) instead of the tree's build.
const installed = process.env.BENCH_DEVSTACK_DIR ?? snapshot();
if (!process.env.BENCH_DEVSTACK_DIR) process.on('exit', () => rmSync(installed, { recursive: true, force: true }));
const devstack = (...args: string[]): Command => ({ cmd: process.execPath, args: [join(installed, 'bin', 'run.js'), ...args] });
const compose = (...args: string[]): Command => ({ cmd: 'docker', args: ['compose', '-f', 'compose.yaml', ...args] });

const COMMANDS: Record<Tool, Record<Scenario, Command>> = {
  devstack: {
    'cold-up': devstack('up'),
    'noop-up-fresh': devstack('up'),
    'noop-up': devstack('up'),
    'recreate-up': devstack('up'),
    down: devstack('down'),
    status: devstack('status'),
  },
  compose: {
    'cold-up': compose('up', '-d', '--wait'),
    'noop-up-fresh': compose('up', '-d', '--wait'),
    'noop-up': compose('up', '-d', '--wait'),
    'recreate-up': compose('up', '-d', '--wait'),
    down: compose('down'),
    status: compose('ps'),
  },
};

/** Runs a command to completion and returns its wall time in ms; any failure stops the bench. */
function timed(command: Command, env: Record<string, string> = {}): { ms: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(command.cmd, command.args, { cwd: stackDir, env: { ...process.env, CI: '1', ...env }, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) {
    throw new Error(`${command.cmd} ${command.args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return { ms, stdout: r.stdout.trim() };
}

function spread(xs: number[]): string {
  return `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
}

const PROJECT_LABEL: Record<Tool, string> = {
  devstack: 'dev.devstack.project=bench-devstack',
  compose: 'com.docker.compose.project=bench-compose',
};

/**
 * Waits (untimed) until the engine itself reports every container of the tool's stack healthy. Right
 * after `up`, devstack's stack is ready by its own probes while the engine's first healthcheck is
 * still an interval away; a later `up` then probes again. "A running, unchanged stack" is the settled
 * one; the no-op right after a cold up is measured separately (2b).
 */
function settle(tool: Tool): void {
  const until = Date.now() + 60_000;
  for (;;) {
    const { stdout } = timed({ cmd: 'docker', args: ['ps', '--filter', `label=${PROJECT_LABEL[tool]}`, '--format', '{{.Status}}'] });
    const lines = stdout.split('\n').filter(Boolean);
    if (lines.length === 4 && lines.every((l) => l.includes('(healthy)'))) return;
    if (Date.now() > until) throw new Error(`${tool}: the stack did not settle healthy within 60 s:\n${stdout}`);
    spawnSync('sleep', ['0.2']);
  }
}

/** Every scenario of one round for one tool, leaving it down (ports free for the other tool). */
function round(tool: Tool, index: number, samples: Samples): void {
  const c = COMMANDS[tool];
  const base = { BENCH_REVISION: '0' };
  const take = (scenario: Scenario, env = base) => (samples[`${tool}:${scenario}`] ??= []).push(timed(c[scenario], env).ms);
  take('cold-up');
  take('noop-up-fresh');
  settle(tool);
  take('noop-up');
  take('status');
  take('recreate-up', { BENCH_REVISION: `r${index}` });
  take('down');
}

function cliStart(samples: Samples): void {
  const starts: Record<string, Command> = {
    'node -e 0': { cmd: process.execPath, args: ['-e', '0'] },
    'devstack --version': devstack('--version'),
    'docker compose version': { cmd: 'docker', args: ['compose', 'version'] },
  };
  for (const command of Object.values(starts)) timed(command); // warm the page cache and the compile cache
  for (let i = 0; i < startRuns; i += 1) {
    for (const [name, command] of Object.entries(starts)) (samples[`start:${name}`] ??= []).push(timed(command).ms);
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function main(): Promise<void> {
  const versions = {
    devstack: timed(devstack('--version')).stdout,
    compose: timed({ cmd: 'docker', args: ['compose', 'version', '--short'] }).stdout,
    engine: timed({ cmd: 'docker', args: ['version', '--format', '{{.Server.Version}}'] }).stdout,
    node: process.version,
  };
  const machine = { cores: cpus().length, memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10, cpu: cpus()[0]?.model ?? '?' };
  process.stderr.write(`bench: ${runs} rounds; devstack ${versions.devstack}, Compose ${versions.compose}, engine ${versions.engine}, node ${versions.node}\n`);

  // Start from nothing of ours, then one unmeasured round each: volumes initialised, caches warm.
  timed(COMMANDS.devstack.down);
  timed(COMMANDS.compose.down);
  const samples: Samples = {};
  const warm: Samples = {};
  round('devstack', 0, warm);
  round('compose', 0, warm);

  await cleanLimit();
  await measureLimit(join(stackDir, 'compose.yaml'));
  const chains: Array<Record<string, number>> = [];
  for (let i = 1; i <= runs; i += 1) {
    const order: Tool[] = i % 2 ? ['devstack', 'compose'] : ['compose', 'devstack'];
    for (const tool of order) round(tool, i, samples);
    const limit = await measureLimit(join(stackDir, 'compose.yaml'));
    (samples['limit:cold-up'] ??= []).push(limit.totalMs);
    chains.push(limit.readyMs);
    process.stderr.write(`bench: round ${i}/${runs} done\n`);
  }
  cliStart(samples);
  await removeLimitVolumes();

  const scenarios: Array<[Scenario, string]> = [
    ['cold-up', '1. cold up (to all healthy)'],
    ['noop-up', '2. no-op up (settled stack)'],
    ['noop-up-fresh', '2b. no-op up right after 1.'],
    ['recreate-up', '3. up, one service changed'],
    ['down', '4. down'],
    ['status', '5. status / ps'],
  ];
  const rows = [['scenario', 'devstack median (min–max)', 'Compose median (min–max)', 'devstack/Compose']];
  const summary: Record<string, unknown> = {};
  for (const [key, label] of scenarios) {
    const d = samples[`devstack:${key}`]!;
    const c = samples[`compose:${key}`]!;
    rows.push([label, `${fmt(median(d))} (${spread(d)})`, `${fmt(median(c))} (${spread(c)})`, `${(median(d) / median(c)).toFixed(2)}`]);
    summary[key] = { devstackMs: median(d), composeMs: median(c), ratio: median(d) / median(c) };
  }
  const limit = samples['limit:cold-up']!;
  const node = samples['start:node -e 0']!;
  const ver = samples['start:devstack --version']!;
  const cv = samples['start:docker compose version']!;
  rows.push([
    '6. CLI start (--version)',
    `${fmt(median(ver))} (${spread(ver)})`,
    `${fmt(median(cv))} (${spread(cv)})`,
    `${(median(ver) / median(cv)).toFixed(2)}`,
  ]);
  rows.push(['   node -e 0', `${fmt(median(node))} (${spread(node)})`, '', '']);
  summary['cli-start'] = { devstackMs: median(ver), composeMs: median(cv), nodeMs: median(node), overNodeMs: median(ver) - median(node) };
  const coldD = median(samples['devstack:cold-up']!);
  summary['limit'] = { coldUpMs: median(limit), devstackOverLimit: coldD / median(limit) };

  const out: string[] = [];
  out.push(table(rows));
  out.push('');
  out.push(
    `LIMIT for scenario 1 (containers created/started straight through the engine API, checks probed in a tight loop): ` +
      `${fmt(median(limit))} (${spread(limit)}); devstack cold up = ${(coldD / median(limit)).toFixed(2)} x limit`,
  );
  out.push(
    `  per service, median ms to ready: ${Object.keys(chains[0] ?? {})
      .map((s) => `${s} ${Math.round(median(chains.map((c) => c[s]!)))}`)
      .join(', ')}`,
  );
  out.push(
    `  devstack status = node -e 0 + ${fmt(median(samples['devstack:status']!) - median(node))}; devstack --version = node -e 0 + ${fmt(median(ver) - median(node))}`,
  );
  const check = (ok: boolean, text: string) => out.push(`  [${ok ? 'met' : 'NOT met'}] ${text}`);
  const r = (k: Scenario) => median(samples[`devstack:${k}`]!) / median(samples[`compose:${k}`]!);
  out.push('targets:');
  check(r('cold-up') <= 0.6, `cold up <= 0.6 x Compose (${r('cold-up').toFixed(2)})`);
  check(coldD <= 1.25 * median(limit), `cold up <= 1.25 x limit (${(coldD / median(limit)).toFixed(2)})`);
  check(
    r('noop-up') <= 0.5 && median(samples['devstack:noop-up']!) < 500,
    `no-op up <= 0.5 x Compose and < 500 ms (${r('noop-up').toFixed(2)}, ${fmt(median(samples['devstack:noop-up']!))})`,
  );
  check(r('down') <= 0.3, `down <= 0.3 x Compose (${r('down').toFixed(2)})`);
  check(median(ver) - median(node) <= 60, `--version <= node -e 0 + 60 ms (+${fmt(median(ver) - median(node))})`);
  check(
    median(samples['devstack:status']!) - median(node) <= 250,
    `status <= node -e 0 + 250 ms (+${fmt(median(samples['devstack:status']!) - median(node))})`,
  );
  const everyday = benchEveryday(join(installed, 'bin', 'run.js'), runs);
  summary['everyday'] = everyday;
  out.push(...everydayReport(everyday));
  const watch = await benchWatch(join(installed, 'bin', 'run.js'));
  summary['watch'] = watch;
  out.push(...watchReport(watch));
  const build = benchBuild(join(installed, 'bin', 'run.js'));
  summary['build'] = build;
  out.push(...buildReport(build));
  const ui = await benchUi(join(installed, 'bin', 'run.js'));
  summary['ui'] = ui;
  out.push(...uiReport(ui));
  process.stdout.write(`${out.join('\n')}\n`);

  const stamp = new Date().toISOString();
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${stamp.replace(/[:.]/g, '-')}.json`);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  writeFileSync(
    file,
    `${JSON.stringify({ date: stamp, machine, versions: { ...versions, package: pkg.version }, runs, summary, limitPerService: chains, samplesMs: samples }, null, 2)}\n`,
  );
  process.stderr.write(`bench: results written to ${file}\n`);
}

// Ends explicitly once the results are written, and names anything still open, so that a new leak is
// seen rather than sat out. The one that kept the bench alive after the watch scenario was an unread
// HEAD response per latency sample (one open engine socket each; fixed in watch.ts).
// Our own stdout and stderr (pipes or TTYs) are open from the start and are not leaks.
void process.stdout;
void process.stderr;
const atStart = process.getActiveResourcesInfo();

function leftOpen(): string[] {
  const left = process.getActiveResourcesInfo();
  for (const kind of atStart) {
    const at = left.indexOf(kind);
    if (at >= 0) left.splice(at, 1);
  }
  return left;
}

main().then(
  async () => {
    // One turn of the event loop first: a child that has just exited still holds its handle until then.
    await new Promise((resolve) => setTimeout(resolve, 10));
    const open = leftOpen();
    if (open.length) process.stderr.write(`bench: still open when done (ended anyway): ${open.join(', ')}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
