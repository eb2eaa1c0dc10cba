import { get } from 'node:http';
import { connect } from 'node:net';
import type { Runtime } from './runtime.js';

export interface ProbeAnswer {
  /** What answered, for the user: `Delve 1.24.0`, `2 inspector targets`. */
  detail: string;
  /** Node: the inspector's targets from /json/list. */
  targets?: Array<{ id: string; title: string; url: string; webSocketDebuggerUrl?: string; devtoolsFrontendUrl?: string }>;
}

/**
 * Talks to a debugger in its own protocol. A bare TCP connect would not do: the engine's port proxy
 * accepts connections on the published port before anything listens in the container.
 */
export type Probe = (host: string, port: number, timeoutMs: number) => Promise<ProbeAnswer>;

/** Sends `request` over TCP and resolves with the first answer `complete` recognises in what comes back. */
function exchange<T>(host: string, port: number, timeoutMs: number, request: Buffer | string, complete: (received: Buffer) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = Buffer.alloc(0);
    const finish = (error: Error | undefined, value?: T) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(value as T);
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const value = complete(received);
      if (value !== undefined) finish(undefined, value);
    });
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish(new Error('connection closed without an answer')));
  });
}

const nodeProbe: Probe = (host, port, timeoutMs) =>
  new Promise((resolve, reject) => {
    const request = get({ host, port, path: '/json/list', timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        try {
          if (response.statusCode !== 200) throw new Error(`/json/list answered ${response.statusCode}`);
          const targets = JSON.parse(body) as NonNullable<ProbeAnswer['targets']>;
          if (!Array.isArray(targets) || targets.length === 0) throw new Error('/json/list lists no target yet');
          resolve({ detail: `Node inspector, ${targets.length} target${targets.length === 1 ? '' : 's'}`, targets });
        } catch (error) {
          reject(error as Error);
        }
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });

/** Delve's JSON-RPC 1.0: one JSON object a line. */
const goProbe: Probe = (host, port, timeoutMs) =>
  exchange(host, port, timeoutMs, `${JSON.stringify({ method: 'RPCServer.GetVersion', params: [{}], id: 1 })}\n`, (received) => {
    const line = received.toString('utf8').split('\n')[0];
    if (!received.includes('\n') || !line) return undefined;
    const answer = JSON.parse(line) as { result?: { DelveVersion?: string; APIVersion?: number }; error?: unknown };
    if (!answer.result) throw new Error(`Delve answered with an error: ${JSON.stringify(answer.error)}`);
    return { detail: `Delve ${answer.result.DelveVersion?.split('\n')[0]?.replace(/^Version:\s*/, '') ?? '?'} (API v${answer.result.APIVersion ?? '?'})` };
  });

/** The Debug Adapter Protocol: `Content-Length` framed JSON, as debugpy speaks it. */
export function dapFrame(message: object): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

/** The DAP messages complete in `received`, in order. */
export function dapMessages(received: Buffer): Array<Record<string, unknown>> {
  const messages: Array<Record<string, unknown>> = [];
  let rest = received;
  for (;;) {
    const headerEnd = rest.indexOf('\r\n\r\n');
    if (headerEnd < 0) return messages;
    const length = /Content-Length:\s*(\d+)/i.exec(rest.subarray(0, headerEnd).toString('ascii'))?.[1];
    if (!length) throw new Error('a DAP message without Content-Length');
    const end = headerEnd + 4 + Number(length);
    if (rest.length < end) return messages;
    messages.push(JSON.parse(rest.subarray(headerEnd + 4, end).toString('utf8')) as Record<string, unknown>);
    rest = rest.subarray(end);
  }
}

const pythonProbe: Probe = (host, port, timeoutMs) =>
  exchange(
    host,
    port,
    timeoutMs,
    dapFrame({ seq: 1, type: 'request', command: 'initialize', arguments: { clientID: 'devstack', adapterID: 'debugpy', pathFormat: 'path' } }),
    (received) => {
      const answer = dapMessages(received).find((m) => m['type'] === 'response' && m['command'] === 'initialize');
      if (!answer) return undefined;
      if (answer['success'] !== true) throw new Error(`debugpy refused initialize: ${String(answer['message'])}`);
      return { detail: 'debugpy (Debug Adapter Protocol)' };
    },
  );

/** JDWP opens with both sides sending the 14 bytes `JDWP-Handshake`. */
const javaProbe: Probe = (host, port, timeoutMs) =>
  exchange(host, port, timeoutMs, 'JDWP-Handshake', (received) =>
    received.length >= 14 ? (received.subarray(0, 14).toString('ascii') === 'JDWP-Handshake' ? { detail: 'JDWP agent' } : undefined) : undefined,
  );

export const PROBES: Record<Runtime, Probe> = { node: nodeProbe, go: goProbe, python: pythonProbe, java: javaProbe };

/** Pure: whether /proc/net/tcp (or tcp6) text shows a socket listening on the port. */
export function listensOn(procNetTcp: string, port: number): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return procNetTcp.split('\n').some((line) => {
    const fields = line.trim().split(/\s+/);
    return fields[1]?.toUpperCase().endsWith(`:${hex}`) === true && fields[3] === '0A';
  });
}

/**
 * debugpy serves one client session per `--listen`: a DAP probe (or even a connection through the port
 * proxy) would use it up before the editor attaches. So for Python, look for the listening socket from
 * inside the container instead of talking to it.
 */
export function listeningProbe(readProcNet: () => Promise<string>, containerPort: number, detail: string): Probe {
  return async () => {
    if (!listensOn(await readProcNet(), containerPort)) throw new Error(`nothing listens on port ${containerPort} in the container yet`);
    return { detail };
  };
}

export interface WaitForDebuggerOptions {
  deadline: number;
  signal: AbortSignal;
  probe: Probe;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Checked between attempts: a container that exited will never answer. */
  stillRunning?: () => Promise<boolean>;
}

export class DebuggerWaitFailed extends Error {
  constructor(
    readonly lastError: string,
    readonly exited: boolean,
  ) {
    super(lastError);
  }
}

/** Probes until the debugger answers, backing off from 100 ms to 1 s; rejects with the last probe error. */
export async function waitForDebugger(host: string, port: number, options: WaitForDebuggerOptions): Promise<ProbeAnswer> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let backoff = 100;
  for (;;) {
    let lastError: string;
    try {
      return await options.probe(host, port, Math.max(500, Math.min(3000, options.deadline - now())));
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (options.signal.aborted) throw new DebuggerWaitFailed('interrupted', false);
    if (options.stillRunning && !(await options.stillRunning())) throw new DebuggerWaitFailed(lastError, true);
    if (now() >= options.deadline) throw new DebuggerWaitFailed(lastError, false);
    await sleep(backoff);
    backoff = Math.min(backoff * 2, 1000);
  }
}
