import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import type { StackFlags } from '../cli/load-stack.js';
import { packageRoot } from '../cli/paths.js';
import { DevstackError } from '../errors.js';
import { reportError } from '../ui/error-report.js';
import { currentRun } from '../ui/run-context.js';
import { watchEventLogPath } from '../watch/event-log.js';
import { ActionRunner, parseActionRequest } from './actions.js';
import { DashboardListenError, DashboardNotBuiltError } from './errors.js';
import { EventStream } from './event-stream.js';
import { LogFeed } from './log-feed.js';
import { ProjectState } from './project-state.js';
import { WatchFeed } from './watch-feed.js';
import { admit, makeGate, newToken, reachableNames, SECURITY_HEADERS, type Gate } from './security.js';

export interface DashboardOptions {
  engine: Engine;
  stack: StackSpec;
  /** The stack flags the command was given, so actions load the same stack (-f, -p, --profile...). */
  flags: StackFlags;
  /** 127.0.0.1 unless --host. */
  host: string;
  /** 0 for a free one. */
  port: number;
  /** `watch --ui`: the page shows the watch timeline from the start (any dashboard shows it once a watch of the project reports). */
  watching: boolean;
  /** Where the built front end is (default: the package's dist/dashboard). */
  assetsDir?: string;
}

export interface Dashboard {
  /** The link to open, with the run's token. */
  url: string;
  port: number;
  close(): Promise<void>;
}

interface Asset {
  type: string;
  body: Buffer;
}

const MAX_BODY = 64 * 1024;

async function loadAssets(dir: string): Promise<Map<string, Asset>> {
  try {
    const [js, css] = await Promise.all([readFile(join(dir, 'app.js')), readFile(join(dir, 'app.css'))]);
    return new Map([
      ['/assets/app.js', { type: 'text/javascript; charset=utf-8', body: js }],
      ['/assets/app.css', { type: 'text/css; charset=utf-8', body: css }],
    ]);
  } catch {
    throw new DashboardNotBuiltError(dir);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Relative links only: the page is served under the run's path. No favicon request either: it would go to / without the cookie. */
function page(project: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(project)} · devstack</title><link rel="icon" href="data:,"><link rel="stylesheet" href="assets/app.css"></head><body><div id="app"></div><script type="module" src="assets/app.js"></script></body></html>`;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch {
        reject(new Error('the request body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(new DashboardListenError(`${host}:${port}`, error.code === 'EADDRINUSE' ? 'the port is in use' : error.message));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Serves the dashboard until close(). Nothing here is logged: a request line would carry the token.
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { engine, stack } = options;
  const assets = await loadAssets(options.assetsDir ?? join(packageRoot(), 'dist', 'dashboard'));
  const { secrets } = currentRun();
  secrets.add(stack.secretValues);
  const state = new ProjectState(engine, stack, secrets, options.watching);
  const logs = new LogFeed(engine, stack, secrets.masker);
  const actions = new ActionRunner(engine, stack, options.flags, () => state.schedule(0));
  const watch = new WatchFeed(watchEventLogPath(stack.projectDir), (value) => secrets.maskData(value));
  const streams = new Set<EventStream>();
  const broadcast = (event: string, data: unknown) => streams.forEach((s) => s.send(event, data));
  let gate: Gate | undefined;
  let ready: Promise<void> = Promise.resolve();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://dashboard');
    const entry = req.method === 'GET' && url.pathname === '/' && url.searchParams.has('token');
    const verdict = admit(
      gate!,
      {
        method: req.method ?? 'GET',
        host: req.headers.host,
        origin: req.headers.origin,
        cookieHeader: req.headers.cookie,
        authorization: req.headers.authorization,
      },
      entry ? { tokenFromUrl: url.searchParams.get('token') ?? '' } : {},
    );
    if (!verdict.ok) return sendJson(res, verdict.status, { error: verdict.reason });
    // The token leaves the address bar at once: from now on the browser carries it in a cookie only it can
    // read, sent to this run's path alone (not to the other sites a person opens on 127.0.0.1).
    if (entry)
      return send(res, 303, 'text/plain', '', {
        Location: gate!.prefix,
        'Set-Cookie': `${gate!.cookie}=${gate!.token}; HttpOnly; SameSite=Strict; Path=${gate!.prefix}`,
      });
    if (!url.pathname.startsWith(gate!.prefix)) return sendJson(res, 404, { error: 'no such page: open the link `devstack ui` printed' });
    const path = `/${url.pathname.slice(gate!.prefix.length)}`;
    if (req.method === 'GET' && path === '/') return send(res, 200, 'text/html; charset=utf-8', page(stack.name));
    const asset = req.method === 'GET' ? assets.get(path) : undefined;
    if (asset) return send(res, 200, asset.type, asset.body);
    if (req.method === 'GET' && path === '/api/state') return ready.then(() => sendJson(res, 200, state.current()));
    if (req.method === 'GET' && path === '/api/events') {
      const stream = new EventStream(res);
      // The first read of the project may still be under way (the page loads meanwhile): the stream starts with it.
      await ready;
      if (res.destroyed) return;
      streams.add(stream);
      const stopLines = logs.onLines((lines) => stream.sendLines(lines));
      res.on('close', () => {
        streams.delete(stream);
        stopLines();
      });
      stream.send('state', state.current());
      stream.send('actions', actions.list());
      stream.send('watch', watch.recent());
      stream.sendLines(logs.recent());
      return;
    }
    if (req.method === 'GET' && path === '/api/reset-plan') return sendJson(res, 200, await actions.volumePlan(url.searchParams.get('service') ?? ''));
    if (req.method === 'POST' && path === '/api/actions') {
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return sendJson(res, 415, { error: 'send the action as application/json' });
      const request = parseActionRequest(await readBody(req));
      return sendJson(res, 202, actions.start(request));
    }
    return sendJson(res, 404, { error: 'no such page' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const report = reportError(error, secrets.masker);
      if (!res.headersSent) sendJson(res, error instanceof DevstackError ? 400 : 500, { error: report.text });
      else res.end();
    });
  });
  server.headersTimeout = 10_000;
  const port = await listen(server, options.host, options.port);
  gate = makeGate(newToken(), port, reachableNames(options.host));
  state.onChange((view) => broadcast('state', view));
  actions.onUpdate((action) => broadcast('action', action));
  watch.onEvents((events) => broadcast('watch', events));
  // Not awaited: the link is printed and the browser loads the page while the engine is read.
  ready = Promise.all([state.start(), watch.start()]).then(() => undefined);
  logs.start();

  const hostForUrl =
    options.host === '127.0.0.1' || options.host === '0.0.0.0' || options.host === '::'
      ? '127.0.0.1'
      : options.host.includes(':')
        ? `[${options.host}]`
        : options.host;
  return {
    url: `http://${hostForUrl}:${port}/?token=${gate.token}`,
    port,
    async close() {
      state.stop();
      watch.stop();
      for (const stream of streams) stream.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([logs.stop(), actions.settle()]);
    },
  };
}
