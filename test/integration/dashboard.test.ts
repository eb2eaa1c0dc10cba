import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, SCREENSHOTS } from './browser.js';
import { cleanup, devstack, docker, execIn, project, publishedPort, removeProjectImages, start, waitFor, type Running } from './helpers.js';
import { engineRunsHealthchecks } from './engine-under-test.js';
import { lacks } from './extras.js';
import { formatBytes } from '../../src/model/bytes.js';

/** A `devstack ui` under test: its link, port, token and the process. */
interface Served {
  running: Running;
  url: string;
  port: number;
  token: string;
  /** The random path the page lives under, which the link's redirect names. */
  prefix: string;
  stdout: () => string;
}

async function serveUi(dir: string, name: string, env: Record<string, string>, extra: string[] = [], command = ['ui']): Promise<Served> {
  const running = start([...command, '--no-open', '-p', name, ...extra], dir, env);
  let stdout = '';
  running.child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  // The link's line (`up --ui` prints what up prints first). Well inside each test's timeout, so a
  // dashboard that never prints its link fails here, saying what it printed.
  const linkLine = () => stdout.split('\n').find((line, i, all) => i < all.length - 1 && line.includes('?token='));
  await waitFor(() => linkLine() !== undefined || running.child.exitCode !== null, 60_000).catch(() => {
    running.child.kill('SIGKILL');
    throw new Error(`devstack ui printed no link in 60 s: stdout ${JSON.stringify(stdout)}, stderr ${JSON.stringify(running.stderr())}`);
  });
  const line = (linkLine() ?? '').trim();
  const url = line.startsWith('{') ? (JSON.parse(line) as { url: string }).url : line;
  if (!url.startsWith('http')) throw new Error(`devstack ui printed no link: ${stdout} ${running.stderr()}`);
  const parsed = new URL(url);
  const entry = await fetch(url, { redirect: 'manual' });
  const prefix = entry.headers.get('location') ?? '';
  if (entry.status !== 303 || !prefix.startsWith('/s/')) throw new Error(`the link answered ${entry.status} to ${prefix}`);
  return { running, url, port: Number(parsed.port), token: parsed.searchParams.get('token')!, prefix, stdout: () => stdout };
}

/** Ctrl-C, as a person ends it; a dashboard that is still running 15 s later is killed and the test fails saying so. */
async function stopUi(served: Served): Promise<number | null> {
  if (served.running.child.exitCode === null) served.running.child.kill('SIGINT');
  return ended(served.running);
}

async function ended(running: Running): Promise<number | null> {
  const timer = setTimeout(() => running.child.kill('SIGKILL'), 15_000);
  const { code } = await running.done.finally(() => clearTimeout(timer));
  if (code === 137) throw new Error(`devstack ui did not end within 15 s of Ctrl-C; stderr: ${running.stderr()}`);
  return code;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A path under the run's own prefix, where the page and its API live; one that starts with / is taken as it is. */
const under = (served: Served, path: string) => (path.startsWith('/') ? path : `${served.prefix}${path}`);

/** A raw HTTP request, so the test sets every header an attacker would (fetch drops Host and may drop Origin). */
function raw(served: Served, method: string, path: string, headers: Record<string, string> = {}, body?: string, address = '127.0.0.1'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: address, port: served.port, method, path: under(served, path), headers: { Host: `${address}:${served.port}`, ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
          // An event stream never ends: its first bytes are enough.
          if (res.headers['content-type']?.startsWith('text/event-stream')) res.destroy();
        });
        res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The request line and headers exactly as given (no Host unless written), and the status line of the answer. */
function rawStatusLine(served: Served, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(served.port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString()));
    socket.on('close', () => resolve(text.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

/** This machine's first IPv4 address that is not loopback. */
const lanAddress = () =>
  Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

const cookieOf = (s: Served) => `devstack-ui-${s.port}=${s.token}`;
const base = (s: Served) => `http://127.0.0.1:${s.port}`;
const startedAt = async (container: string) => (await docker.getContainer(container).inspect()).State.StartedAt;
const card = (page: Page, service: string) => page.locator(`[data-service="${service}"]`);
/** What a service's card says under one of its headings (image, mode, uptime, ...). */
const detail = (page: Page, service: string, heading: string) =>
  card(page, service).locator(`xpath=.//dt[normalize-space()="${heading}"]/following-sibling::dd[1]`).innerText();
/** The newest activity entry for a command (by the command it shows, not by text in its lines). */
const actionItem = (page: Page, command: string) =>
  page
    .locator('.activity li')
    .filter({ has: page.locator('code', { hasText: new RegExp(`^${command.replace(/[-]/g, '\\-')} `) }) })
    .first();

const { dir, name } = project('dashboard');
const neighbour = `${name}-neighbour`;
const env: Record<string, string> = { NEIGHBOUR_VOLUME: neighbour };

/** Another site the page links to (the fixture's "docs" endpoint): it records what each visit sent it. */
interface Recorder {
  port: number;
  visits: Array<{ url: string; headers: Record<string, string | string[] | undefined> }>;
  close: () => Promise<void>;
}

async function startRecorder(): Promise<Recorder> {
  const visits: Recorder['visits'] = [];
  const server = createServer((req, res) => {
    visits.push({ url: req.url ?? '', headers: req.headers });
    res.end('docs');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    visits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(lacks('chromium'))('devstack ui', { timeout: 180_000 }, () => {
  let ui: Served;
  let browser: BrowserContext;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let recorder: Recorder;
  /** Every Referer the browser sent, from the first request of the test's own page on. */
  const referers: string[] = [];

  beforeAll(async () => {
    recorder = await startRecorder();
    env.DOCS_PORT = String(recorder.port);
    await docker.createVolume({ Name: neighbour });
    // -d: web is healthy only once the test opens its gate.
    const up = await devstack(['up', '-d', '-p', name], dir, env);
    expect(up.code, up.stderr).toBe(0);
    await execIn(`${name}-db-1`, ['sh', '-c', 'echo precious > /data/file; echo theirs > /neighbour/file']);
    ({ browser, close: closeBrowser } = await launchBrowser());
    // --json: its stdout must stay JSON lines however many actions the page runs (checked last).
    ui = await serveUi(dir, name, env, ['--json']);
    page = await browser.newPage();
    page.on('request', (r) => {
      void r.allHeaders().then((headers) => headers.referer && referers.push(headers.referer));
    });
    await page.goto(ui.url);
  });

  afterAll(async () => {
    await closeBrowser?.();
    await recorder?.close();
    if (ui) await stopUi(ui);
    await cleanup(name);
    await docker
      .getVolume(neighbour)
      .remove()
      .catch(() => undefined);
  });

  it.runIf(engineRunsHealthchecks())('shows every service, and turns one green when it becomes healthy', async () => {
    // The services arrive over the event stream once the page is open: waited for, then counted.
    for (const service of ['web', 'api', 'db', 'worker']) {
      await card(page, service).first().waitFor({ timeout: 15_000 });
      await expect(card(page, service).count()).resolves.toBe(1);
    }
    await expect(card(page, 'web').getAttribute('data-tone')).resolves.toBe('warn');
    await page.screenshot({ path: `${SCREENSHOTS}/services-starting.png`, fullPage: true });
    await execIn(`${name}-web-1`, ['touch', '/tmp/ready']);
    await page.waitForSelector('[data-service="web"][data-tone="ok"][data-health="healthy"]', { timeout: 30_000 });
    // The URL table `up` prints, with the secret from .env masked.
    const table = await page.locator('table.endpoints').innerText();
    expect(table).toContain('home page');
    expect(table).toContain('key=****');
    expect(await page.content()).not.toContain('dashboard-web-key-1234');
    // A published port is a link, that sends no Referer (so no page address leaks to the service).
    const link = card(page, 'web').locator('a').first();
    expect(await link.getAttribute('rel')).toContain('noreferrer');
    await page.screenshot({ path: `${SCREENSHOTS}/services-healthy.png`, fullPage: true });
  });

  it("shows each service's image, mode, uptime, restarts, CPU and memory, and dependencies", async () => {
    for (const service of ['web', 'api', 'db', 'worker']) {
      await expect(detail(page, service, 'image')).resolves.toBe('busybox:latest');
      await expect(detail(page, service, 'mode')).resolves.toBe('dev');
      await expect(detail(page, service, 'uptime')).resolves.toMatch(/^(\d+s|\d+m\d+s)$/);
    }
    await expect(detail(page, 'web', 'depends on')).resolves.toBe('db');
    await expect(detail(page, 'db', 'depends on')).resolves.toBe('—');
    // CPU and memory come with the stats stream's samples, in the sizes docker prints (powers of 1000).
    const { memory_stats } = (await docker.getContainer(`${name}-db-1`).stats({ stream: false })) as { memory_stats: { limit: number } };
    await expect
      .poll(() => detail(page, 'db', 'cpu / mem'), { timeout: 30_000 })
      .toMatch(new RegExp(`^\\d+\\.\\d% · \\d+(\\.\\d+)? (B|kB|MB) of ${formatBytes(memory_stats.limit).replace('.', '\\.')}$`));
    // The engine restarts worker after it exits (its restart policy): the page counts it.
    const worker = `${name}-worker-1`;
    await execIn(worker, ['touch', '/tmp/exit']);
    await expect.poll(() => detail(page, 'worker', 'uptime'), { timeout: 30_000 }).toMatch(/^(\d+s|\d+m\d+s) · 1 restart$/);
    expect((await docker.getContainer(worker).inspect()).RestartCount).toBe(1);
    await expect(detail(page, 'api', 'uptime')).resolves.not.toContain('restart');
  });

  it.runIf(engineRunsHealthchecks())('turns a service red with its probe output when its healthcheck fails', async () => {
    await execIn(`${name}-api-1`, ['touch', '/tmp/broken']);
    await page.waitForSelector('[data-service="api"][data-tone="bad"][data-health="unhealthy"]', { timeout: 30_000 });
    await expect(card(page, 'api').locator('.probe-output').innerText()).resolves.toContain('api probe: database unreachable');
    await page.screenshot({ path: `${SCREENSHOTS}/service-unhealthy.png`, fullPage: true });
  });

  it('restarts a container from the page, through the CLI flow', async () => {
    const before = await startedAt(`${name}-db-1`);
    await card(page, 'db').locator('[data-action="restart"]').click();
    const action = actionItem(page, 'devstack restart db');
    await action.locator('.badge', { hasText: 'done' }).waitFor({ timeout: 60_000 });
    expect(await startedAt(`${name}-db-1`)).not.toBe(before);
    expect((await docker.getContainer(`${name}-db-1`).inspect()).State.Running).toBe(true);
    // The same words the CLI says.
    await expect(action.innerText()).resolves.toMatch(/restarted db; ready in/);
  });

  it('waits for the project lock a CLI command holds, naming it, and restarts once it is released', async () => {
    // A holder that is alive on this host (this test process), as a running `devstack up` would be.
    const lock = join(dir, '.devstack/lock');
    mkdirSync(join(dir, '.devstack'), { recursive: true });
    writeFileSync(
      lock,
      JSON.stringify({ pid: process.pid, command: 'devstack up -p held-by-the-test', startedAt: new Date().toISOString(), host: hostname() }),
    );
    try {
      const before = await startedAt(`${name}-db-1`);
      await card(page, 'db').locator('[data-action="restart"]').click();
      const waiting = page
        .locator('.activity li[data-status="running"]')
        .filter({ hasText: /Waiting for `devstack up -p held-by-the-test` \(pid \d+, since .*\) to finish changing/ });
      await waiting.waitFor({ timeout: 30_000 });
      await expect(waiting.locator('code').innerText()).resolves.toBe(`devstack restart db -p ${name}`);
      const action = page.locator(`.activity li[data-action-id="${await waiting.getAttribute('data-action-id')}"]`);
      // Nothing changes while it waits.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await startedAt(`${name}-db-1`)).toBe(before);
      expect(await action.getAttribute('data-status')).toBe('running');
      rmSync(lock);
      await action.locator('.badge', { hasText: /done|failed/ }).waitFor({ timeout: 60_000 });
      expect(await action.getAttribute('data-status'), await action.innerText()).toBe('done');
      expect(await startedAt(`${name}-db-1`)).not.toBe(before);
      expect((await docker.getContainer(`${name}-db-1`).inspect()).State.Running).toBe(true);
    } finally {
      rmSync(lock, { force: true });
    }
  });

  it('shows a log line printed after the page opened', async () => {
    const marker = `printed-after-open-${Date.now()}`;
    await execIn(`${name}-api-1`, ['sh', '-c', `echo ${marker} > /proc/1/fd/1`]);
    await page.locator('.log-box .row', { hasText: marker }).waitFor({ timeout: 15_000 });
    // One service's log, filtered by text.
    await page.selectOption('.log-tools select', 'api');
    await page.fill('.log-tools input[type="search"]', 'printed-after');
    await expect.poll(() => page.locator('.log-box .row').allInnerTexts(), { timeout: 5000 }).toEqual([expect.stringContaining(marker)]);
    await page.screenshot({ path: `${SCREENSHOTS}/logs-filtered.png`, fullPage: true });
    await page.fill('.log-tools input[type="search"]', '');
    await page.selectOption('.log-tools select', '');
  });

  it('holds the log view while paused, counting a line printed meanwhile, and shows it on Resume', async () => {
    await page.selectOption('.log-tools select', 'api');
    const pause = page.locator('[data-log="pause"]');
    await pause.click();
    await page.locator('[data-log="pause"]', { hasText: 'Resume' }).waitFor({ timeout: 5000 });
    const marker = `printed-while-paused-${Date.now()}`;
    await execIn(`${name}-api-1`, ['sh', '-c', `echo ${marker} > /proc/1/fd/1`]);
    await page.locator('.log-tools .note', { hasText: '(paused; 1 new)' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('.log-box .row', { hasText: marker }).count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}/logs-paused.png`, fullPage: true });
    await pause.click();
    await page.locator('.log-box .row', { hasText: marker }).waitFor({ timeout: 5000 });
    await expect(page.locator('.log-tools .note').innerText()).resolves.not.toContain('paused');
    await page.selectOption('.log-tools select', '');
  });

  it('jumps to the first error line among many and marks it', async () => {
    const error = `ERROR: the one error line of the test ${Date.now()}`;
    await execIn(`${name}-api-1`, ['sh', '-c', `{ echo ${error}; for i in $(seq 1 300); do echo filler-$i; done; } > /proc/1/fd/1`]);
    // Followed to the end: the error line is far above, out of the view.
    await page.locator('.log-box .row', { hasText: 'filler-300' }).waitFor({ timeout: 15_000 });
    const row = page.locator('.log-box .row', { hasText: error });
    // Only the rows on screen are in the page (the list is virtualised): a row that is not there is not in view.
    const inView = async () => {
      if ((await row.count()) === 0) return false;
      const [box, line] = await Promise.all([page.locator('.log-box').boundingBox(), row.boundingBox()]);
      return Boolean(box && line && line.y >= box.y && line.y + line.height <= box.y + box.height);
    };
    expect(await inView()).toBe(false);
    await page.locator('[data-log="first-error"]').click();
    await expect.poll(inView, { timeout: 5000 }).toBe(true);
    await expect(row.getAttribute('class')).resolves.toMatch(/\bmark\b/);
    await page.screenshot({ path: `${SCREENSHOTS}/logs-first-error.png`, fullPage: true });
  });

  it('says before the click that a reset of a volume another running service mounts is refused, as the CLI says', async () => {
    const cli = await devstack(['reset', 'worker', '--volumes', '--yes', '-p', name], dir, env);
    expect(cli.code).toBe(2);
    await card(page, 'worker').locator('[data-action="reset"]').click();
    const dialog = page.locator('.modal');
    const refusal = dialog.locator('[data-refusal]');
    await refusal.waitFor({ timeout: 15_000 });
    expect(await refusal.innerText()).toBe(cli.stderr.slice(cli.stderr.indexOf('error:')).trimEnd());
    expect(await refusal.innerText()).toContain(`Volume ${name}_cache is also mounted by api`);
    expect(await dialog.locator('[data-confirm="volumes"]').count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}/reset-refused.png`, fullPage: true });
    await dialog.locator('button', { hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('asks before a reset with volumes, and deletes only the project volume', async () => {
    const dbBefore = await startedAt(`${name}-db-1`);
    await card(page, 'db').locator('[data-action="reset"]').click();
    const dialog = page.locator('.modal');
    await dialog.locator('[data-volume]').first().waitFor({ timeout: 15_000 });
    const listed = await dialog.locator('[data-volume]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-volume')));
    expect(listed).toEqual([`${name}_data`]);
    await expect(dialog.innerText()).resolves.toMatch(/\d+(\.\d)? (B|kB)/);
    await page.screenshot({ path: `${SCREENSHOTS}/reset-confirm.png`, fullPage: true });
    // Asked, not yet done: nothing changed while the question is open.
    expect(await startedAt(`${name}-db-1`)).toBe(dbBefore);
    expect(await execIn(`${name}-db-1`, ['cat', '/data/file'])).toContain('precious');

    await dialog.locator('[data-confirm="volumes"]').click();
    const action = actionItem(page, 'devstack reset db --volumes');
    await action.locator('.badge', { hasText: /done|failed/ }).waitFor({ timeout: 120_000 });
    expect(await action.getAttribute('data-status'), await action.innerText()).toBe('done');
    expect(await execIn(`${name}-db-1`, ['ls', '-A', '/data'])).toBe('');
    expect(await execIn(`${name}-db-1`, ['cat', '/neighbour/file'])).toContain('theirs');
    expect((await docker.getVolume(neighbour).inspect()).Name).toBe(neighbour);
    // The automatic snapshot the CLI takes first, listed with Undo.
    await page.locator('.panel', { hasText: 'Snapshots' }).locator('td', { hasText: 'automatic' }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/after-reset.png`, fullPage: true });
  });

  it('brings the data back with Undo, through the snapshot flow', async () => {
    await page.locator('[data-action="undo"]').click();
    const action = actionItem(page, 'devstack undo');
    await action.locator('.badge', { hasText: /done|failed/ }).waitFor({ timeout: 120_000 });
    expect(await action.getAttribute('data-status'), await action.innerText()).toBe('done');
    expect(await execIn(`${name}-db-1`, ['cat', '/data/file'])).toContain('precious');
  });

  it('stops and starts a service, and shows a failing action in the CLI’s words', async () => {
    await card(page, 'db').locator('[data-action="stop"]').click();
    await page.waitForSelector('[data-service="db"][data-state="stopped"]', { timeout: 60_000 });
    expect((await docker.getContainer(`${name}-db-1`).inspect()).State.Running).toBe(false);
    await card(page, 'db').locator('[data-action="start"]').click();
    const started = actionItem(page, 'devstack up db');
    await started.locator('.badge', { hasText: /done|failed/ }).waitFor({ timeout: 60_000 });
    expect(await started.getAttribute('data-status'), await started.innerText()).toBe('done');
    expect((await docker.getContainer(`${name}-db-1`).inspect()).State.Running).toBe(true);
    // busybox runs no runtime devstack can debug: the page says what `devstack debug db` would.
    const cli = await devstack(['debug', 'db', '-p', name], dir, env);
    expect(cli.code).not.toBe(0);
    await card(page, 'db').locator('[data-action="debug-on"]').click();
    const failed = actionItem(page, 'devstack debug db');
    await failed.locator('.badge', { hasText: 'failed' }).waitFor({ timeout: 60_000 });
    const firstLine = cli.stderr.split('\n').find((l) => l.startsWith('error:'))!;
    expect(await failed.locator('pre.error').innerText()).toContain(firstLine);
    await page.screenshot({ path: `${SCREENSHOTS}/activity.png`, fullPage: true });
  });

  it('keeps the token out of the address bar, the log and every Referer', async () => {
    expect(page.url()).toBe(`${base(ui)}${ui.prefix}`);
    browser.on('request', (r) => {
      void r.allHeaders().then((headers) => headers.referer && referers.push(headers.referer));
    });
    // Out to another site, as a person following the URL table's link would: that site records what it was sent.
    for (const link of [page.locator('table.endpoints a', { hasText: `127.0.0.1:${recorder.port}/docs` }), card(page, 'web').locator('a').first()]) {
      const popup = browser.waitForEvent('page');
      await link.click();
      const opened = await popup;
      await opened.waitForLoadState();
      await opened.close();
    }
    expect(recorder.visits.map((v) => v.url)).toContain('/docs');
    expect(recorder.visits.find((v) => v.url === '/docs')!.headers.referer).toBeUndefined();
    for (const visit of recorder.visits) {
      // (The docs page's own favicon request names the docs page, which is no business of the dashboard's.)
      expect(visit.headers.referer ?? '', visit.url).not.toContain(`:${ui.port}`);
      // 127.0.0.1's cookies go to every port: the dashboard's must not reach another site there.
      expect(visit.headers.cookie ?? '', visit.url).not.toContain(ui.token);
      expect(JSON.stringify(visit), visit.url).not.toContain(ui.token);
    }
    // Nor did the page's own requests, from the link with the token on, carry one.
    expect(referers).toEqual([]);
    expect(ui.running.stderr()).not.toContain(ui.token);
    expect(
      ui
        .stdout()
        .split('\n')
        .filter((l) => l.includes(ui.token)),
    ).toEqual([JSON.stringify({ url: ui.url })]);
  });

  it("keeps ui --json's stdout to JSON lines while actions run, and shows what they print on the page", async () => {
    // `devstack up db` (Start, above) prints the URL table: on the page, in its action, not in the dashboard's stdout.
    await expect(actionItem(page, 'devstack up db').locator('pre').first().innerText()).resolves.toMatch(/SERVICE\s+WHAT\s+WHERE[\s\S]*home page/);
    const lines = ui.stdout().split('\n').filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    expect(lines.length).toBeGreaterThan(0);
  });
});

describe.skipIf(lacks('chromium'))('devstack ui refuses what is not its own page', { timeout: 120_000 }, () => {
  const other = project('dashboard');
  const otherNeighbour = `${other.name}-neighbour`;
  let ui: Served;
  let attacker: Served;
  let browser: BrowserContext;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    await docker.createVolume({ Name: otherNeighbour });
    // Only the other project's db runs: enough to have a container a forged request could restart.
    const up = await devstack(['up', '-d', 'db', '-p', other.name], other.dir, { NEIGHBOUR_VOLUME: otherNeighbour });
    expect(up.code, up.stderr).toBe(0);
    ui = await serveUi(other.dir, other.name, { NEIGHBOUR_VOLUME: otherNeighbour });
    // A second dashboard, of another folder (the first suite's project): its page must not act on this one.
    attacker = await serveUi(dir, name, env);
    ({ browser, close: closeBrowser } = await launchBrowser());
  });

  afterAll(async () => {
    await closeBrowser?.();
    for (const served of [ui, attacker]) if (served) await stopUi(served);
    await cleanup(other.name);
    await docker
      .getVolume(otherNeighbour)
      .remove()
      .catch(() => undefined);
  });

  const restartDb = (served: Served, headers: Record<string, string>) =>
    raw(served, 'POST', 'api/actions', { 'Content-Type': 'application/json', ...headers }, JSON.stringify({ kind: 'restart', service: 'db' }));

  it('listens on 127.0.0.1 only', async () => {
    const address = lanAddress();
    expect(address, 'this machine has a non-loopback address to try').toBeDefined();
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect(ui.port, address!, () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(outcome).toBe('ECONNREFUSED');
  });

  it('wants the token for every page, data and action request', async () => {
    for (const path of ['', 'assets/app.js', 'api/state', 'api/events', 'api/reset-plan?service=db', '/', '/api/state']) {
      expect((await raw(ui, 'GET', path)).status, path).toBe(401);
      expect((await raw(ui, 'GET', path, { Cookie: `devstack-ui-${ui.port}=wrong-token` })).status, path).toBe(401);
      expect(
        (await raw(ui, 'GET', path, { Cookie: `devstack-ui-${attacker.port}=${attacker.token}` })).status,
        `${path} with the other dashboard's token`,
      ).toBe(401);
    }
    expect((await raw(ui, 'GET', '/?token=not-the-token')).status).toBe(401);
    expect((await raw(ui, 'GET', 'api/state', { Authorization: 'Bearer not-the-token' })).status).toBe(401);
    expect((await raw(ui, 'GET', 'api/state', { Authorization: `Bearer ${attacker.token}` })).status).toBe(401);
    // The token in a URL opens the page only (a URL lands in histories and logs): the API does not take it there.
    expect((await raw(ui, 'GET', `api/state?token=${ui.token}`)).status).toBe(401);
    const before = await startedAt(`${other.name}-db-1`);
    expect((await restartDb(ui, { Origin: base(ui) })).status).toBe(401);
    expect((await raw(ui, 'GET', 'api/state', { Cookie: cookieOf(ui) })).status).toBe(200);
    expect(await startedAt(`${other.name}-db-1`)).toBe(before);
  });

  it('refuses a Host that is not its loopback address and port (DNS rebinding)', async () => {
    for (const host of [`evil.example:${ui.port}`, `127.0.0.1.nip.io:${ui.port}`, '127.0.0.1:80', 'localhost']) {
      const res = await raw(ui, 'GET', 'api/state', { Host: host, Cookie: cookieOf(ui) });
      expect(res.status, host).toBe(421);
      expect(res.body).not.toContain(other.name);
    }
    // A rebinding page that acts: its own Host and Origin, with the cookie the browser holds for 127.0.0.1.
    const before = await startedAt(`${other.name}-db-1`);
    const forged = await restartDb(ui, { Host: `evil.example:${ui.port}`, Origin: `http://evil.example:${ui.port}`, Cookie: cookieOf(ui) });
    expect(forged.status).toBe(421);
    // No Host at all (HTTP/1.0 allows it): refused too.
    expect(await rawStatusLine(ui, `GET ${ui.prefix}api/state HTTP/1.0\r\nCookie: ${cookieOf(ui)}\r\n\r\n`)).toMatch(/^HTTP\/1\.[01] 421 /);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await startedAt(`${other.name}-db-1`)).toBe(before);
  });

  it('refuses a change from another Origin or with none (CSRF), and allows no other origin to read (no CORS)', async () => {
    const before = await startedAt(`${other.name}-db-1`);
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${attacker.port}`]) {
      const res = await restartDb(ui, { Origin: origin, Cookie: cookieOf(ui) });
      expect(res.status, origin).toBe(403);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect((await restartDb(ui, { Cookie: cookieOf(ui) })).status).toBe(403);
    // Reading from another origin is refused as well, and says nothing of the project.
    const read = await raw(ui, 'GET', 'api/state', { Origin: 'http://evil.example', Cookie: cookieOf(ui) });
    expect(read.status).toBe(403);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
    expect(read.body).not.toContain(other.name);
    const preflight = await raw(ui, 'OPTIONS', 'api/actions', {
      Origin: 'http://evil.example',
      'Access-Control-Request-Method': 'POST',
      Cookie: cookieOf(ui),
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    // A body a form could send, which needs no preflight, is refused even from the page's own origin.
    const form = await raw(
      ui,
      'POST',
      'api/actions',
      { Origin: base(ui), Cookie: cookieOf(ui), 'Content-Type': 'text/plain' },
      '{"kind":"restart","service":"db"}',
    );
    expect(form.status).toBe(415);
    expect(await startedAt(`${other.name}-db-1`)).toBe(before);
  });

  /** A request as it went over the wire to this dashboard, and the status it answered (the page itself may see neither). */
  interface Wire {
    method: string;
    url: string;
    headers: Record<string, string>;
    status?: number;
  }

  /**
   * What a page of another origin gets when it tries to drive this dashboard, given even its path (where
   * the browser sends its cookie); and, from the browser's own network log (DevTools protocol), each
   * request that reached it and its answer, which CORS and CORP hide from the page.
   */
  async function attack(page: Page): Promise<{ results: string[]; wire: Wire[] }> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const wire = new Map<string, Wire>();
    const entry = (id: string) => wire.get(id) ?? wire.set(id, { method: '', url: '', headers: {} }).get(id)!;
    cdp.on('Network.requestWillBeSent', (e) => Object.assign(entry(e.requestId), { method: e.request.method, url: e.request.url }));
    // As sent: header names in the case they went out in.
    cdp.on(
      'Network.requestWillBeSentExtraInfo',
      (e) => (entry(e.requestId).headers = Object.fromEntries(Object.entries(e.headers).map(([k, v]) => [k.toLowerCase(), String(v)]))),
    );
    cdp.on('Network.responseReceivedExtraInfo', (e) => (entry(e.requestId).status = e.statusCode));
    const results = await page.evaluate(
      async (target) => {
        const tries = [
          fetch(`${target}api/actions`, {
            method: 'POST',
            credentials: 'include',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ kind: 'restart', service: 'db' }),
          }),
          fetch(`${target}api/actions`, {
            method: 'POST',
            mode: 'no-cors',
            credentials: 'include',
            headers: { 'Content-Type': 'text/plain' },
            body: JSON.stringify({ kind: 'restart', service: 'db' }),
          }),
          fetch(`${target}api/state`, { credentials: 'include' }).then((r) => r.text()),
        ];
        return Promise.all(
          tries.map((t) =>
            Promise.resolve(t).then(
              (r) => (typeof r === 'string' ? `read:${r.slice(0, 40)}` : `status:${r.status}`),
              (e: Error) => `blocked:${e.message}`,
            ),
          ),
        );
      },
      `${base(ui)}${ui.prefix}`,
    );
    // The answers' events may trail the page's own promises by a moment.
    await new Promise((r) => setTimeout(r, 500));
    await cdp.detach();
    return { results, wire: [...wire.values()].filter((w) => w.url.startsWith(base(ui))) };
  }

  it("cannot be driven from another project's dashboard page, nor from any other page on 127.0.0.1", async () => {
    const before = await startedAt(`${other.name}-db-1`);
    const page = await browser.newPage();
    // Signed in to both: the browser holds both cookies (127.0.0.1 cookies go to every port).
    await page.goto(ui.url);
    await page.goto(attacker.url);
    await page.locator('[data-service="db"]').waitFor();
    const fromDashboard = await attack(page);
    expect(
      fromDashboard.results.every((r) => r.startsWith('blocked:')),
      fromDashboard.results.join(' | '),
    ).toBe(true);
    // The other dashboard's own Content-Security-Policy (connect-src 'self') keeps its page from reaching this one at all.
    expect(fromDashboard.wire.filter((w) => w.status !== undefined)).toEqual([]);

    // A page without that policy (any local site: the same site as the dashboard, for cookies) does reach it,
    // with this dashboard's cookie, and is refused by the Origin check: 403 to each request that carried the
    // cookie, the read and the form-like POST alike (the JSON POST's preflight carries no cookie: 401).
    const site = createServer((_req, res) => res.end('<!doctype html><title>another local site</title>'));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    try {
      await page.goto(siteOrigin);
      const fromSite = await attack(page);
      expect(
        fromSite.results.every((r) => !r.startsWith('read:') && r !== 'status:202'),
        fromSite.results.join(' | '),
      ).toBe(true);
      const shown = JSON.stringify(fromSite.wire.map((w) => ({ ...w, headers: { origin: w.headers.origin, cookie: Boolean(w.headers.cookie) } })));
      const carrying = fromSite.wire.filter((w) => w.headers.cookie?.includes(cookieOf(ui)));
      expect(
        carrying.map((w) => `${w.method} ${w.url.slice(base(ui).length + ui.prefix.length)}`),
        shown,
      ).toEqual(expect.arrayContaining(['GET api/state', 'POST api/actions']));
      for (const w of carrying) {
        expect(w.headers.origin, shown).toBe(siteOrigin);
        expect(w.status, shown).toBe(403);
      }
    } finally {
      await page.close();
      site.closeAllConnections();
      await new Promise<void>((resolve) => site.close(() => resolve()));
    }
    await new Promise((r) => setTimeout(r, 1500));
    expect(await startedAt(`${other.name}-db-1`)).toBe(before);
  });

  it('ends on Ctrl-C with exit 130 and leaves the stack running', async () => {
    const code = await stopUi(attacker);
    expect(code).toBe(130);
    expect(attacker.running.stderr()).toContain('Dashboard closed.');
    expect((await docker.getContainer(`${other.name}-db-1`).inspect()).State.Running).toBe(true);
  });

  // A Ctrl-C in the first moments, while the first read of the project was under way, once left a stats
  // stream open that kept the process alive after "Dashboard closed." (this is what made the --host test below hang).
  it('ends at once on a Ctrl-C that comes the moment the link is printed', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const running = start(['ui', '--no-open', '-p', other.name, '--json'], other.dir, { NEIGHBOUR_VOLUME: otherNeighbour });
      running.child.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('\n')) running.child.kill('SIGINT');
      });
      expect(await ended(running), `attempt ${attempt}`).toBe(130);
      expect(running.stderr(), `attempt ${attempt}`).toContain('Dashboard closed.');
    }
  });

  it('warns when told to listen on another address, answers there, and still refuses a foreign Host', async () => {
    const loud = await serveUi(other.dir, other.name, { NEIGHBOUR_VOLUME: otherNeighbour }, ['--host', '0.0.0.0', '--json']);
    try {
      expect(JSON.parse(loud.stdout().split('\n')[0]!)).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/) });
      expect(loud.running.stderr()).toMatch(/Warning: the dashboard listens on 0\.0\.0\.0/);
      // From another machine the page is reached by this one's address, which is the Host it sends.
      const address = lanAddress()!;
      expect((await raw(loud, 'GET', 'api/state', { Cookie: cookieOf(loud) }, undefined, address)).status).toBe(200);
      expect((await raw(loud, 'GET', 'api/state', { Host: `evil.example:${loud.port}`, Cookie: cookieOf(loud) }, undefined, address)).status).toBe(421);
      expect((await raw(loud, 'GET', 'api/state', {}, undefined, address)).status).toBe(401);
    } finally {
      await stopUi(loud);
    }
  });
});

describe('devstack ui --port', { timeout: 120_000 }, () => {
  const boxed = project('box');
  /** A server on 127.0.0.1 at a port the system picked; closed at once for a free port, or kept to hold one. */
  const listening = async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: (server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  };

  afterAll(() => cleanup(boxed.name));

  it('serves on exactly the port it is given', async () => {
    const free = await listening();
    await free.close();
    const served = await serveUi(boxed.dir, boxed.name, {}, ['--port', String(free.port)]);
    try {
      expect(served.port).toBe(free.port);
      expect((await raw(served, 'GET', 'api/state', { Cookie: cookieOf(served) })).status).toBe(200);
    } finally {
      expect(await stopUi(served)).toBe(130);
    }
  });

  it('says so when the port is taken, exit 1, without a stack trace', async () => {
    const holder = await listening();
    try {
      const result = await devstack(['ui', '--no-open', '--port', String(holder.port), '-p', boxed.name], boxed.dir);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(`The dashboard cannot listen on 127.0.0.1:${holder.port}: the port is in use`);
      expect(result.stderr).toContain('Leave out --port to take a free port, or give another one.');
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stdout).toBe('');
    } finally {
      await holder.close();
    }
  });
});

describe.skipIf(lacks('chromium'))('devstack up --ui and watch --ui', { timeout: 180_000 }, () => {
  const watched = project('watch');
  const brought = project('watch');
  let ui: Served;
  let closeBrowser: () => Promise<void>;
  let browser: BrowserContext;
  let page: Page;
  /** Whether box ran when the link was printed: the stack is brought up first, then served. */
  let ranAtLink = false;
  const running = async (container: string) =>
    Boolean(
      (
        await docker
          .getContainer(container)
          .inspect()
          .catch(() => undefined)
      )?.State.Running,
    );

  beforeAll(async () => {
    ui = await serveUi(watched.dir, watched.name, {}, ['box', 'restarter'], ['watch', '--ui']);
    ranAtLink = await running(`${watched.name}-box-1`);
    ({ browser, close: closeBrowser } = await launchBrowser());
    page = await browser.newPage();
    await page.goto(ui.url);
    await page.locator('.panel', { hasText: 'Watch' }).waitFor();
  });

  afterAll(async () => {
    await closeBrowser?.();
    if (ui) await stopUi(ui);
    await cleanup(watched.name);
    await cleanup(brought.name);
  });

  it('up --ui brings the stack up, then serves it until Ctrl-C, which leaves the stack running', async () => {
    expect(await running(`${brought.name}-box-1`)).toBe(false);
    const served = await serveUi(brought.dir, brought.name, {}, ['box'], ['up', '--ui']);
    try {
      expect(await running(`${brought.name}-box-1`), 'box runs by the time the link is printed').toBe(true);
      expect(served.running.stderr()).toContain(`${brought.name}: 1 service ready`);
      const own = await browser.newPage();
      await own.goto(served.url);
      await own.locator('[data-service="box"][data-state="running"]').waitFor({ timeout: 15_000 });
      // Only what was asked for: the other services of the stack were not brought up.
      await expect(own.locator('[data-service="app"]').getAttribute('data-state')).resolves.toBe('not created');
      await own.close();
    } finally {
      expect(await stopUi(served)).toBe(130);
    }
    expect(await running(`${brought.name}-box-1`)).toBe(true);
  });

  it("watch --ui brings the services up, then shows watch's events as a timeline", async () => {
    expect(ranAtLink, 'box runs by the time the link is printed').toBe(true);
    await page.locator('[data-service="box"][data-state="running"]').waitFor({ timeout: 15_000 });
    await page.locator('.timeline li', { hasText: 'box: watching sync' }).waitFor({ timeout: 30_000 });
    await page.locator('.timeline li', { hasText: 'restarter: watching sync+restart' }).waitFor({ timeout: 30_000 });
    const event = (text: RegExp) =>
      page
        .locator('.timeline li', { hasText: text })
        .waitFor({ timeout: 30_000 })
        .catch(async (error: Error) => {
          throw new Error(`${error.message}\ntimeline: ${(await page.locator('.timeline').innerText()).slice(0, 2000)}\nstdout: ${ui.stdout()}`);
        });
    writeFileSync(join(watched.dir, 'src', 'from-the-test.txt'), 'hello\n');
    await event(/box: synced 1 file \(src\/from-the-test\.txt\)/);
    // A sync+restart: the timeline says the service was restarted, and the engine did restart it.
    writeFileSync(join(watched.dir, 'conf', 'app.ini'), 'changed=1\n');
    await event(/restarter: synced and restarted 1 file \(conf\/app\.ini\) in \d+ ms/);
    expect((await execIn(`${watched.name}-restarter-1`, ['cat', '/starts'])).split('\n')).toHaveLength(2);
    expect(await execIn(`${watched.name}-restarter-1`, ['cat', '/etc/app/app.ini'])).toBe('changed=1');
    await page.screenshot({ path: `${SCREENSHOTS}/watch-timeline.png`, fullPage: true });
    expect(await stopUi(ui)).toBe(130);
  });
});

describe.skipIf(lacks('chromium'))('devstack ui actions: rebuild, debug, snapshots', { timeout: 240_000 }, () => {
  const acts = project('dashboard-actions');
  let ui: Served;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  const files = `${acts.name}-files-1`;
  /** Waits for an action to end, and fails with what the page shows for it if it did not end well. */
  /** The id of the newest action on the page (0 before any), to tell the one a click starts from those before it. */
  const newest = async () =>
    Math.max(0, ...(await page.locator('.activity li').evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-action-id'))))));
  const finished = async (command: string, since: number, status: 'done' | 'failed' = 'done') => {
    const item = actionItem(page, command);
    await expect.poll(async () => Number(await item.getAttribute('data-action-id').catch(() => 0)), { timeout: 15_000 }).toBeGreaterThan(since);
    await item.locator('.badge', { hasText: /done|failed/ }).waitFor({ timeout: 120_000 });
    expect(await item.getAttribute('data-status'), await item.innerText()).toBe(status);
    return item;
  };

  beforeAll(async () => {
    const up = await devstack(['up', '-p', acts.name], acts.dir);
    expect(up.code, up.stderr).toBe(0);
    ui = await serveUi(acts.dir, acts.name, {}, ['--json']);
    const launched = await launchBrowser();
    closeBrowser = launched.close;
    page = await launched.browser.newPage();
    await page.goto(ui.url);
    for (const service of ['site', 'node', 'files']) await card(page, service).waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await closeBrowser?.();
    if (ui) await stopUi(ui);
    await cleanup(acts.name);
    await removeProjectImages(acts.name);
  });

  const served = async () => (await fetch(`http://127.0.0.1:${await publishedPort(`${acts.name}-site-1`, 8080)}/index.html`)).text();

  it('rebuilds a built service from the page, showing the build as it runs, and serves the new image', async () => {
    const imageBefore = (await docker.getContainer(`${acts.name}-site-1`).inspect()).Image;
    writeFileSync(join(acts.dir, 'site', 'index.html'), 'second build\n');
    const since = await newest();
    await card(page, 'site').locator('[data-action="rebuild"]').click();
    // Under way: the badge says so and the build's lines are already there (its RUN step takes 2 s).
    const item = actionItem(page, 'devstack up site --build');
    await item
      .filter({ has: page.locator('.badge', { hasText: 'running' }) })
      .filter({ hasText: 'site: building' })
      .waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/rebuild-running.png`, fullPage: true });
    await finished('devstack up site --build', since);
    await expect(item.innerText()).resolves.toMatch(/COPY index\.html[\s\S]*site: ready[\s\S]*1 service ready in/);
    expect((await docker.getContainer(`${acts.name}-site-1`).inspect()).Image).not.toBe(imageBefore);
    expect(await served()).toBe('second build\n');
  });

  it('shows a failed rebuild in the CLI’s words, and leaves the running service as it was', async () => {
    const dockerfile = join(acts.dir, 'site', 'Dockerfile');
    const good = readFileSync(dockerfile, 'utf8');
    writeFileSync(dockerfile, 'FROM busybox:latest\nCOPY index.html /www/index.html\nRUN echo broken-step >&2; exit 3\n');
    try {
      const cli = await devstack(['up', 'site', '--build', '-p', acts.name], acts.dir);
      expect(cli.code).toBe(1);
      const cliError = cli.stderr.slice(cli.stderr.indexOf('error:'));
      const since = await newest();
      await card(page, 'site').locator('[data-action="rebuild"]').click();
      const item = await finished('devstack up site --build', since, 'failed');
      const pageError = await item.locator('pre.error').innerText();
      expect(pageError).toBe(cliError.trimEnd());
      expect(pageError).toContain('broken-step');
      expect(await served()).toBe('second build\n');
    } finally {
      writeFileSync(dockerfile, good);
    }
  });

  it('turns debug on from the page (the inspector answers), then off again', async () => {
    const node = `${acts.name}-node-1`;
    let since = await newest();
    await card(page, 'node').locator('[data-action="debug-on"]').click();
    const on = await finished('devstack debug node', since);
    // The lines `devstack debug` says and prints: how the runtime was found and how to attach.
    await expect(on.innerText()).resolves.toMatch(/Runtime: node, because its image sets NODE_VERSION=[\s\S]*listening on 127\.0\.0\.1:\d+/);
    expect((await docker.getContainer(node).inspect()).Config.Cmd).toEqual(['node', '--inspect=0.0.0.0:9229', 'src/server.js']);
    const tag = card(page, 'node').locator('.tag', { hasText: 'debug: node on 127.0.0.1:' });
    await tag.waitFor({ timeout: 15_000 });
    const inspector = /127\.0\.0\.1:(\d+)/.exec(await tag.innerText())![1];
    const targets = (await (await fetch(`http://127.0.0.1:${inspector}/json/list`)).json()) as Array<{ type: string }>;
    expect(targets.map((t) => t.type)).toContain('node');
    await page.screenshot({ path: `${SCREENSHOTS}/debug-on.png`, fullPage: true });

    since = await newest();
    await card(page, 'node').locator('[data-action="debug-off"]').click();
    const off = await finished('devstack debug node --off', since);
    await expect(off.innerText()).resolves.toContain('node is back to its normal spec');
    expect((await docker.getContainer(node).inspect()).Config.Cmd).toEqual(['node', 'src/server.js']);
    await card(page, 'node').locator('[data-action="debug-on"]').waitFor({ timeout: 15_000 });
    expect(await card(page, 'node').locator('.tag').count()).toBe(0);
  });

  it('saves a snapshot, restores it once the page has asked, and undoes the restore', async () => {
    await execIn(files, ['sh', '-c', 'echo first > /files/data']);
    await page.fill('.panel input[placeholder^="name"]', 'before-change');
    let since = await newest();
    await page.locator('[data-action="snapshot-save"]').click();
    const saved = await finished('devstack snapshot save before-change', since);
    await expect(saved.innerText()).resolves.toMatch(new RegExp(`Snapshot before-change: ${acts.name}_files \\(files\\)`));
    const row = page.locator('tr[data-snapshot="before-change"]');
    await row.waitFor({ timeout: 15_000 });

    await execIn(files, ['sh', '-c', 'echo second > /files/data']);
    await row.locator('[data-action="snapshot-restore"]').click();
    const dialog = page.locator('.modal');
    await expect(dialog.locator('[data-volume]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-volume')))).resolves.toEqual([
      `${acts.name}_files`,
    ]);
    await page.screenshot({ path: `${SCREENSHOTS}/restore-confirm.png`, fullPage: true });
    // Asked, not yet done.
    expect(await execIn(files, ['cat', '/files/data'])).toBe('second');
    since = await newest();
    await dialog.locator('[data-confirm="restore"]').click();
    const restored = await finished('devstack snapshot restore before-change', since);
    await expect(restored.innerText()).resolves.toMatch(/restored .*_files from snapshot before-change/);
    expect(await execIn(files, ['cat', '/files/data'])).toBe('first');

    // The restore took an automatic snapshot of what it replaced: Undo brings that back.
    since = await newest();
    await page.locator('[data-action="undo"]:not([disabled])').click();
    await finished('devstack undo', since);
    expect(await execIn(files, ['cat', '/files/data'])).toBe('second');
  });

  it('shows a snapshot action that fails in the CLI’s words, changing nothing', async () => {
    const cli = await devstack(['undo', '-p', acts.name], acts.dir);
    expect(cli.code).toBe(2);
    const since = await newest();
    await page.locator('[data-action="undo"]:not([disabled])').click();
    const item = await finished('devstack undo', since, 'failed');
    expect(await item.locator('pre.error').innerText()).toBe(cli.stderr.slice(cli.stderr.indexOf('error:')).trimEnd());
    expect(await execIn(files, ['cat', '/files/data'])).toBe('second');
    await page.screenshot({ path: `${SCREENSHOTS}/actions.png`, fullPage: true });
  });
});

describe.skipIf(lacks('chromium'))('a watch in another terminal feeds a plain devstack ui', { timeout: 180_000 }, () => {
  const watched = project('watch');
  let ui: Served;
  let watch: Running;
  let watchOut = '';
  let closeBrowser: () => Promise<void>;
  let page: Page;

  beforeAll(async () => {
    const up = await devstack(['up', 'box', '-p', watched.name], watched.dir);
    expect(up.code, up.stderr).toBe(0);
    // The dashboard first, with no watch running: it learns of the watch from the project alone.
    ui = await serveUi(watched.dir, watched.name, {});
    const launched = await launchBrowser();
    closeBrowser = launched.close;
    page = await launched.browser.newPage();
    await page.goto(ui.url);
    await card(page, 'box').waitFor({ timeout: 15_000 });
    watch = start(['watch', 'box', '--no-up', '-p', watched.name], watched.dir);
    watch.child.stdout!.on('data', (d: Buffer) => (watchOut += d.toString()));
  });

  afterAll(async () => {
    await closeBrowser?.();
    if (watch) {
      watch.child.kill('SIGINT');
      await ended(watch);
    }
    if (ui) await stopUi(ui);
    await cleanup(watched.name);
  });

  it("shows that watch's events as a timeline", async () => {
    const timeline = page.locator('.timeline');
    await timeline.locator('li', { hasText: 'box: watching sync' }).waitFor({ timeout: 30_000 });
    writeFileSync(join(watched.dir, 'src', 'from-another-terminal.txt'), 'hello\n');
    await timeline
      .locator('li', { hasText: /box: synced 1 file \(src\/from-another-terminal\.txt\)/ })
      .waitFor({ timeout: 30_000 })
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\ntimeline: ${(await timeline.innerText()).slice(0, 2000)}\nwatch: ${watchOut} ${watch.stderr()}`);
      });
    // The watch's own terminal says the same, as it always did (the page may be told a moment before the test reads it).
    await waitFor(() => /box: synced, 1 file \(src\/from-another-terminal\.txt\)/.test(watchOut), 5000).catch(() => {
      throw new Error(`the watch's stdout did not say so: ${watchOut}`);
    });
    await page.screenshot({ path: `${SCREENSHOTS}/watch-elsewhere.png`, fullPage: true });
  });
});
