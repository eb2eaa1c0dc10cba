/**
 * The dashboard's goals of issue 19, measured (never asserted in tests), against a running stack on
 * the engine and Debian's chromium:
 *  1. from `devstack ui` being started to the page's first full paint with every service shown (the
 *     browser is already open on a blank page, as a person's would be), median of BENCH_RUNS;
 *  2. the server's RSS while one service prints 10,000 lines/s for 10 s (max of samples every 250 ms),
 *     with the page open and following;
 *  3. browser-side log latency under that load: engine timestamp of the newest line on screen to the
 *     moment it is in the page's DOM, p50 and p95; and the page's frame rate meanwhile (a frozen tab
 *     paints no frames).
 * Run alone with `npm run bundle && npx tsx bench/ui.ts`, or as part of `npm run bench`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/integration/browser.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docker = new Docker();
const PROJECT = 'bench-ui';
const SERVICES = 6;
const LINES_PER_SEC = 10_000;
const LOAD_SECONDS = 10;

export interface UiBench {
  firstPaintMs: { median: number; min: number; max: number; runs: number[]; linkMs: number };
  load: { linesPerSec: number; seconds: number; linesSeen: number; serverRssMB: { idle: number; max: number }; pageHeapMB: number; framesPerSec: number };
  latencyMs: { p50: number; p95: number; samples: number };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rssMB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

/** Five quiet services with healthchecks, and one that prints 1,000 lines every 100 ms for 10 s once told to. */
function stackFile(dir: string): void {
  const quiet = Array.from({ length: SERVICES - 1 }, (_, i) => [
    `  s${i}:`,
    '    image: busybox:latest',
    `    command: ["sh", "-c", "echo s${i} up; exec sleep 3600"]`,
    '    stop_signal: SIGKILL',
    '    healthcheck:',
    '      test: ["CMD", "true"]',
    '      interval: 2s',
  ]).flat();
  const rounds = LOAD_SECONDS * 10;
  const perRound = LINES_PER_SEC / 10;
  const chatty = [
    '  chatty:',
    '    image: busybox:latest',
    '    stop_signal: SIGKILL',
    '    command:',
    '      - sh',
    '      - -c',
    '      - |',
    '        while :; do',
    '          while [ ! -f /tmp/go ]; do sleep 0.05; done; rm /tmp/go',
    `          r=0; while [ $$r -lt ${rounds} ]; do seq 1 ${perRound} | sed "s/^/chatty round $$r line /"; r=$$((r + 1)); sleep 0.1; done`,
    '          echo chatty-done',
    '        done',
  ];
  writeFileSync(join(dir, 'devstack.yml'), ['services:', ...quiet, ...chatty, ''].join('\n'));
}

function run(cli: string, args: string[], cwd: string): void {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1', NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`devstack ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
}

/** Starts `devstack ui` and resolves with its link once printed. */
function startUi(cli: string, cwd: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [cli, 'ui', '--no-open', '-p', PROJECT], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: '1', NO_COLOR: '1' },
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`devstack ui printed no link in 30 s: ${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve({ child, url: out.split('\n')[0]!.trim() });
      }
    });
    child.on('exit', (code) => reject(new Error(`devstack ui exited ${code}: ${err}`)));
  });
}

async function stopUi(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
}

export async function benchUi(cli = join(root, 'bin', 'run.js'), runs = Math.max(3, Number(process.env.BENCH_RUNS ?? 5))): Promise<UiBench> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ui-'));
  stackFile(dir);
  const { browser, close } = await launchBrowser();
  try {
    run(cli, ['up', '-p', PROJECT], dir);
    const page = await browser.newPage();
    const paints: number[] = [];
    const links: number[] = [];
    let last: ChildProcess | undefined;
    for (let i = 0; i < runs; i += 1) {
      await page.goto('about:blank');
      const t0 = performance.now();
      const { child, url } = await startUi(cli, dir);
      links.push(performance.now() - t0);
      await page.goto(url);
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-service][data-state]').length === n && document.querySelectorAll('[data-tone="ok"]').length === n,
        SERVICES,
        { polling: 'raf' },
      );
      paints.push(performance.now() - t0);
      if (i < runs - 1) await stopUi(child);
      else last = child;
    }
    const result = await load(page, last!);
    return {
      firstPaintMs: {
        median: Math.round(percentile(paints, 50)),
        min: Math.round(Math.min(...paints)),
        max: Math.round(Math.max(...paints)),
        runs: paints.map(Math.round),
        linkMs: Math.round(percentile(links, 50)),
      },
      ...result,
    };
  } finally {
    await close();
    spawnSync(process.execPath, [cli, 'down', '-p', PROJECT], { cwd: dir, env: { ...process.env, CI: '1' } });
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The chatty service's 10 s of 10,000 lines/s, with the page open and following. */
async function load(page: Page, child: ChildProcess): Promise<Omit<UiBench, 'firstPaintMs'>> {
  try {
    // A string, not a function: tsx's transform would put helpers into it that the page does not have.
    await page.evaluate(`(() => {
      window.benchLatencies = [];
      window.benchFrames = 0;
      const seen = new Set();
      // The newest line the page shows, each time rows are added: how far behind the engine the screen is.
      new MutationObserver((records) => {
        const now = Date.now();
        let newest = '';
        for (const record of records) for (const node of record.addedNodes) {
          const time = node.getAttribute && node.getAttribute('data-time');
          if (time && time > newest) newest = time;
        }
        if (newest && !seen.has(newest)) {
          seen.add(newest);
          window.benchLatencies.push(now - Date.parse(newest.slice(0, 23) + 'Z'));
        }
      }).observe(document.querySelector('.log-space'), { childList: true });
      const frame = () => { window.benchFrames += 1; requestAnimationFrame(frame); };
      requestAnimationFrame(frame);
    })()`);
    const idle = rssMB(child.pid!);
    const container = (await docker.listContainers({ filters: { label: [`dev.devstack.project=${PROJECT}`, 'dev.devstack.service=chatty'] } }))[0]!;
    const exec = await docker.getContainer(container.Id).exec({ Cmd: ['touch', '/tmp/go'] });
    await exec.start({ Detach: true });
    const started = Date.now();
    const framesBefore = Number(await page.evaluate('window.benchFrames'));
    let max = idle;
    while (Date.now() - started < (LOAD_SECONDS + 3) * 1000) {
      max = Math.max(max, rssMB(child.pid!));
      await sleep(250);
    }
    const framesAfter = Number(await page.evaluate('window.benchFrames'));
    const latencies = (await page.evaluate('window.benchLatencies')) as number[];
    const heap = Number(await page.evaluate('performance.memory ? performance.memory.usedJSHeapSize : 0'));
    const seen = Number((await page.locator('.log-tools .note').innerText()).replace(/,/g, '').replace(/[^\d].*$/s, '')) || 0;
    // Latency is measured while the load runs: the lines of the first 10 s.
    const during = latencies.slice(1);
    return {
      load: {
        linesPerSec: LINES_PER_SEC,
        seconds: LOAD_SECONDS,
        linesSeen: seen,
        serverRssMB: { idle, max },
        pageHeapMB: Math.round(heap / 1024 / 102.4) / 10,
        framesPerSec: Math.round((framesAfter - framesBefore) / ((Date.now() - started) / 1000)),
      },
      latencyMs: { p50: Math.round(percentile(during, 50)), p95: Math.round(percentile(during, 95)), samples: during.length },
    };
  } finally {
    await stopUi(child);
  }
}

export function uiReport(r: UiBench): string[] {
  const check = (ok: boolean, text: string) => `  [${ok ? 'met' : 'NOT met'}] ${text}`;
  return [
    `dashboard (devstack ui, ${SERVICES} services, Debian chromium headless):`,
    `  first full paint: median ${r.firstPaintMs.median} ms (min ${r.firstPaintMs.min}, max ${r.firstPaintMs.max}; link printed after ${r.firstPaintMs.linkMs} ms)`,
    `  under ${r.load.linesPerSec.toLocaleString('en')} lines/s for ${r.load.seconds} s: server RSS ${r.load.serverRssMB.idle} MB idle, ${r.load.serverRssMB.max} MB max; page heap ${r.load.pageHeapMB} MB, ${r.load.framesPerSec} frames/s, ${r.load.linesSeen.toLocaleString('en')} lines kept`,
    `  log latency engine -> page: p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms (${r.latencyMs.samples} samples)`,
    check(r.firstPaintMs.median <= 1000, `ui to first full paint <= 1 s (${r.firstPaintMs.median} ms)`),
    check(r.load.serverRssMB.max <= 120, `server RSS under the log load <= 120 MB (${r.load.serverRssMB.max} MB)`),
    check(r.latencyMs.p50 <= 100, `browser-side log latency p50 <= 100 ms (${r.latencyMs.p50} ms)`),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await benchUi();
  process.stdout.write(`${uiReport(result).join('\n')}\n${JSON.stringify(result)}\n`);
}
