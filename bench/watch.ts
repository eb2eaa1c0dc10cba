/**
 * The watch limits of issue 5, measured (never asserted in tests):
 *  1. save → visible in the container (sync) for batches of 1, 10 and 50 files, p50/p95, devstack watch
 *     against `docker compose watch` on the same service in the same run, samples interleaved;
 *  2. the watcher's RSS and inotify watches (read from /proc/<pid>/fdinfo) on a tree with 100,000 files
 *     under an ignored node_modules, against the number of folders that are not ignored (and chokidar's
 *     count on the same tree, for scale);
 *  3. client CPU to produce the build context of 15,000 files with a .dockerignore.
 * Run alone with `npm run bench:watch` (after `npm run bundle`), or as part of `npm run bench`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import Docker from 'dockerode';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docker = new Docker();
const SIZES = [1, 10, 50];

export interface WatchBench {
  latency: Record<'devstack' | 'compose', { p50: number; p95: number; bySize: Record<number, { p50: number; p95: number }> }>;
  samplesPerSize: number;
  footprint: { files: number; nonIgnoredFolders: number; inotifyWatches: number; rssMB: number; chokidarWatches: number; chokidarRssMB: number };
  context: { files: number; sent: number; bytes: number; cpuMs: number; wallMs: number };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function composeFile(dir: string): void {
  mkdirSync(join(dir, 'img'), { recursive: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  // Compose 2.26 watches only services with build:, so both tools get one.
  writeFileSync(join(dir, 'img/Dockerfile'), 'FROM busybox:latest\nCMD ["sleep", "1000000"]\n');
  writeFileSync(
    join(dir, 'compose.yaml'),
    [
      'services:',
      '  box:',
      '    build: ./img',
      '    init: true',
      '    develop:',
      '      watch:',
      '        - path: ./src',
      '          target: /app',
      '          action: sync',
      '',
    ].join('\n'),
  );
}

/** Starts a long-running watch and resolves once it says it is watching. */
function startWatch(cmd: string, args: string[], cwd: string, ready: RegExp): Promise<ChildProcess> {
  // Its own process group: `docker compose` is the docker CLI running a plugin process, and a signal
  // to the CLI alone can leave the plugin holding our pipes open (the bench then never ended).
  const child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1', NO_COLOR: '1' } });
  let seen = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} ${args.join(' ')} did not start watching in 180 s:\n${seen.slice(-2000)}`)), 180_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (ready.test(seen)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${cmd} ${args.join(' ')} exited (${code}):\n${seen.slice(-2000)}`)));
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // the group is gone already
  }
}

/** Ctrl-C to the watch's whole process group, SIGKILL after 10 s, and our ends of its pipes closed. */
async function stopWatch(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    signalGroup(child, 'SIGINT');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
    clearTimeout(timer);
  }
  signalGroup(child, 'SIGKILL');
  child.stdout?.destroy();
  child.stderr?.destroy();
}

/** Writes a batch and returns ms from the last save until the last file is visible in the container. */
async function sample(dir: string, container: string, name: string, size: number): Promise<number> {
  const files = Array.from({ length: size }, (_, i) => `${name}-${i}.txt`);
  for (const file of files) writeFileSync(join(dir, 'src', file), `${file}\n`);
  const saved = performance.now();
  const target = docker.getContainer(container);
  const last = `/app/${files.at(-1)!}`;
  for (;;) {
    // dockerode hands back the HEAD response as a stream; unread, it holds its socket open for good.
    const found = await target.infoArchive({ path: last }).then(
      (response) => ((response as unknown as Readable).destroy(), true),
      () => false,
    );
    if (found) return performance.now() - saved;
    if (performance.now() - saved > 20_000) throw new Error(`${last} never reached ${container}`);
  }
}

async function latency(cli: string, samples: number): Promise<WatchBench['latency']> {
  const dirs = { devstack: mkdtempSync(join(tmpdir(), 'bench-watch-d-')), compose: mkdtempSync(join(tmpdir(), 'bench-watch-c-')) };
  composeFile(dirs.devstack);
  composeFile(dirs.compose);
  const projects = { devstack: 'bench-watch-devstack', compose: 'bench-watch-compose' };
  const containers = { devstack: `${projects.devstack}-box-1`, compose: `${projects.compose}-box-1` };
  const children: ChildProcess[] = [];
  try {
    children.push(await startWatch(process.execPath, [cli, 'watch', '-p', projects.devstack, '--json'], dirs.devstack, /"type":"watching"/));
    children.push(await startWatch('docker', ['compose', '-p', projects.compose, 'watch'], dirs.compose, /Watch enabled/));
    await sleep(1500);
    const results = { devstack: {} as Record<number, number[]>, compose: {} as Record<number, number[]> };
    for (let round = 0; round < samples; round += 1) {
      for (const size of SIZES) {
        const order = (round + size) % 2 ? (['devstack', 'compose'] as const) : (['compose', 'devstack'] as const);
        for (const tool of order) {
          (results[tool][size] ??= []).push(await sample(dirs[tool], containers[tool], `r${round}-s${size}`, size));
          // Both tools back to idle before the next save: Compose's own quiet period is 500 ms.
          await sleep(900);
        }
      }
    }
    const summarise = (by: Record<number, number[]>) => ({
      p50: percentile(Object.values(by).flat(), 50),
      p95: percentile(Object.values(by).flat(), 95),
      bySize: Object.fromEntries(Object.entries(by).map(([size, xs]) => [size, { p50: percentile(xs, 50), p95: percentile(xs, 95) }])),
    });
    return { devstack: summarise(results.devstack), compose: summarise(results.compose) };
  } finally {
    for (const child of children) await stopWatch(child);
    spawnSync(process.execPath, [cli, 'down', '-p', projects.devstack], { cwd: dirs.devstack, env: { ...process.env, CI: '1' } });
    spawnSync('docker', ['compose', '-p', projects.compose, 'down', '-t', '0'], { cwd: dirs.compose });
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }
}

function inotifyWatches(pid: number): number {
  let count = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let link = '';
    try {
      link = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    if (link.includes('inotify'))
      count += readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('inotify wd:')).length;
  }
  return count;
}

function rssMB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

/** src/ with 200 folders of 5 files, and src/node_modules with 100,000 files in 1,000 folders. */
function bigTree(dir: string): { files: number; nonIgnoredFolders: number } {
  composeFile(dir);
  let files = 0;
  for (let i = 0; i < 100; i += 1) {
    for (const sub of ['', '/lib']) {
      mkdirSync(join(dir, `src/pkg${i}${sub}`), { recursive: true });
      for (let f = 0; f < 5; f += 1) {
        writeFileSync(join(dir, `src/pkg${i}${sub}/f${f}.js`), 'x');
        files += 1;
      }
    }
  }
  for (let i = 0; i < 1000; i += 1) {
    mkdirSync(join(dir, `src/node_modules/dep${i}`), { recursive: true });
    for (let f = 0; f < 100; f += 1) {
      writeFileSync(join(dir, `src/node_modules/dep${i}/m${f}.js`), 'x');
      files += 1;
    }
  }
  // src itself and its 200 folders; node_modules and everything under it are ignored.
  return { files, nonIgnoredFolders: 1 + 200 };
}

async function footprint(cli: string): Promise<WatchBench['footprint']> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-watch-f-'));
  try {
    const tree = bigTree(dir);
    // --no-up: only the watcher is measured; no container is needed until a file changes.
    const child = await startWatch(process.execPath, [cli, 'watch', '--no-up', '-p', 'bench-watch-footprint', '--json'], dir, /"type":"watching"/);
    await sleep(1500);
    const ours = { inotifyWatches: inotifyWatches(child.pid!), rssMB: rssMB(child.pid!) };
    await stopWatch(child);
    const script = `
      import { watch } from 'chokidar';
      import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
      const w = watch(${JSON.stringify(join(dir, 'src'))}, { ignoreInitial: true, ignored: (p) => p.includes('/node_modules') });
      w.on('ready', () => setTimeout(() => { console.log('ready'); }, 1500));
    `;
    const chokidar = await startWatch(process.execPath, ['--input-type=module', '-e', script], root, /ready/);
    const theirs = { chokidarWatches: inotifyWatches(chokidar.pid!), chokidarRssMB: rssMB(chokidar.pid!) };
    await stopWatch(chokidar);
    return { ...tree, ...ours, ...theirs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 15,000 files: 9,800 sources sent (plus one log kept by a `!` exception), 199 logs and 5,000 node_modules files left out. */
function contextTree(dir: string): { files: number; sent: number } {
  let files = 0;
  for (let i = 0; i < 100; i += 1) {
    mkdirSync(join(dir, `src/m${i}`), { recursive: true });
    for (let f = 0; f < 98; f += 1) {
      writeFileSync(join(dir, `src/m${i}/f${f}.ts`), `export const v${f} = ${i};\n`);
      files += 1;
    }
    for (let f = 0; f < 2; f += 1) {
      writeFileSync(join(dir, `src/m${i}/debug${f}.log`), 'log\n');
      files += 1;
    }
  }
  for (let i = 0; i < 50; i += 1) {
    mkdirSync(join(dir, `node_modules/p${i}`), { recursive: true });
    for (let f = 0; f < 100; f += 1) {
      writeFileSync(join(dir, `node_modules/p${i}/i${f}.js`), 'x\n');
      files += 1;
    }
  }
  writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox:latest\nCOPY . /app\n');
  writeFileSync(join(dir, '.dockerignore'), ['node_modules', '**/*.log', '.git', 'dist', 'coverage', '**/*.tmp', '!src/m0/debug0.log', ''].join('\n'));
  return { files: files + 2, sent: 100 * 98 + 1 + 2 };
}

function contextCpu(): WatchBench['context'] {
  const dir = mkdtempSync(join(tmpdir(), 'bench-context-'));
  try {
    const tree = contextTree(dir);
    const script = `
      import { buildContext } from ${JSON.stringify(join(root, 'src/build/pack-context.ts'))};
      const cpu = process.cpuUsage(); const t0 = performance.now(); let bytes = 0;
      const stream = buildContext(${JSON.stringify(dir)}, 'Dockerfile');
      stream.on('data', (c) => (bytes += c.length));
      stream.on('end', () => { const used = process.cpuUsage(cpu); console.log(JSON.stringify({ cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - t0, bytes })); });
    `;
    // From source through tsx (dist/ bundles it into the commands): the import, transpiling included,
    // is done before the CPU count starts.
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`context bench failed: ${run.stderr}`);
    const result = JSON.parse(run.stdout.trim()) as { cpuMs: number; wallMs: number; bytes: number };
    return { files: tree.files, sent: tree.sent, ...result };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchWatch(cli: string, samples = Math.max(5, Number(process.env.BENCH_WATCH_SAMPLES ?? 10))): Promise<WatchBench> {
  const context = contextCpu();
  const foot = await footprint(cli);
  const lat = await latency(cli, samples);
  return { latency: lat, samplesPerSize: samples, footprint: foot, context };
}

export function watchReport(r: WatchBench): string[] {
  const ms = (x: number) => `${Math.round(x)} ms`;
  const out = [`watch (issue 5), ${r.samplesPerSize} samples per batch size, tools interleaved:`];
  for (const tool of ['devstack', 'compose'] as const) {
    const l = r.latency[tool];
    const sizes = Object.entries(l.bySize)
      .map(([size, v]) => `${size} files ${ms(v.p50)}/${ms(v.p95)}`)
      .join(', ');
    out.push(`  sync save→visible, ${tool.padEnd(8)} p50 ${ms(l.p50)}, p95 ${ms(l.p95)}  (p50/p95 by batch: ${sizes})`);
  }
  const f = r.footprint;
  out.push(
    `  ${f.files} files (100,000 under an ignored node_modules): watcher RSS ${f.rssMB} MB, inotify watches ${f.inotifyWatches} for ${f.nonIgnoredFolders} non-ignored folders (chokidar on the same tree: ${f.chokidarWatches} watches, ${f.chokidarRssMB} MB)`,
  );
  out.push(
    `  build context: ${r.context.files} files, ${r.context.sent} sent after .dockerignore, ${(r.context.bytes / 1e6).toFixed(1)} MB tar: ${ms(r.context.cpuMs)} client CPU (${ms(r.context.wallMs)} wall)`,
  );
  const check = (ok: boolean, text: string) => out.push(`  [${ok ? 'met' : 'NOT met'}] ${text}`);
  check(
    r.latency.devstack.p50 <= 300 && r.latency.devstack.p95 <= 600,
    `sync p50 <= 300 ms and p95 <= 600 ms (${ms(r.latency.devstack.p50)}, ${ms(r.latency.devstack.p95)})`,
  );
  check(f.rssMB <= 100, `watcher RSS <= 100 MB (${f.rssMB} MB)`);
  check(f.inotifyWatches <= f.nonIgnoredFolders, `inotify watches <= non-ignored folders (${f.inotifyWatches} <= ${f.nonIgnoredFolders})`);
  check(r.context.cpuMs <= 1000, `15,000-file context <= 1 s client CPU (${ms(r.context.cpuMs)})`);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchWatch(join(root, 'bin/run.js'))
    .then((result) => {
      process.stdout.write(`${watchReport(result).join('\n')}\n`);
      const dir = join(root, 'bench', 'results');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `watch-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
      writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
      process.stderr.write(`bench: results written to ${file}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    });
}
