import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { dapFrame, dapMessages, DebuggerWaitFailed, listeningProbe, listensOn, PROBES, waitForDebugger } from '../../../src/debug/probe.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

function listen(onData: (data: Buffer, reply: (b: Buffer | string) => void) => void): Promise<number> {
  server = createServer((socket) => socket.on('data', (d) => onData(d, (b) => socket.write(b))));
  return new Promise((done) => server!.listen(0, '127.0.0.1', () => done((server!.address() as { port: number }).port)));
}

describe('DAP framing', () => {
  it('frames and reads back messages, also split or several in one chunk', () => {
    const both = Buffer.concat([
      dapFrame({ seq: 1, type: 'event', event: 'output' }),
      dapFrame({ seq: 2, type: 'response', command: 'initialize', success: true }),
    ]);
    expect(dapMessages(both).map((m) => m['seq'])).toEqual([1, 2]);
    expect(dapMessages(both.subarray(0, both.length - 3)).map((m) => m['seq'])).toEqual([1]);
  });
});

describe('probes', () => {
  it('python: a DAP initialize answered', async () => {
    const port = await listen((data, reply) => {
      const request = dapMessages(data)[0]!;
      reply(dapFrame({ seq: 1, type: 'response', request_seq: request['seq'], command: request['command'], success: true, body: {} }));
    });
    await expect(PROBES.python('127.0.0.1', port, 2000)).resolves.toMatchObject({ detail: 'debugpy (Debug Adapter Protocol)' });
  });

  it('go: a JSON-RPC GetVersion answered', async () => {
    const port = await listen((data, reply) => {
      const request = JSON.parse(data.toString()) as { id: number; method: string };
      expect(request.method).toBe('RPCServer.GetVersion');
      reply(`${JSON.stringify({ id: request.id, result: { DelveVersion: 'Version: 1.24.0\nBuild: x', APIVersion: 2 }, error: null })}\n`);
    });
    await expect(PROBES.go('127.0.0.1', port, 2000)).resolves.toEqual({ detail: 'Delve 1.24.0 (API v2)' });
  });

  it('java: the JDWP handshake echoed', async () => {
    const port = await listen((data, reply) => reply(data));
    await expect(PROBES.java('127.0.0.1', port, 2000)).resolves.toEqual({ detail: 'JDWP agent' });
  });

  it('a connection accepted and closed (the port proxy with nothing behind it) is no answer', async () => {
    server = createServer((socket) => socket.destroy());
    const port = await new Promise<number>((done) => server!.listen(0, '127.0.0.1', () => done((server!.address() as { port: number }).port)));
    await expect(PROBES.go('127.0.0.1', port, 2000)).rejects.toThrow(/closed without an answer/);
  });
});

describe('waitForDebugger', () => {
  it('retries with back-off until the deadline, then fails with the last error; stops early when the container exited', async () => {
    let t = 0;
    const sleeps: number[] = [];
    const options = { deadline: 3000, signal: new AbortController().signal, now: () => t, sleep: async (ms: number) => void sleeps.push(ms) };
    const failing = async () => {
      t += 500;
      throw new Error('ECONNREFUSED');
    };
    await expect(waitForDebugger('h', 1, { ...options, probe: failing })).rejects.toMatchObject({ lastError: 'ECONNREFUSED', exited: false });
    expect(sleeps).toEqual([100, 200, 400, 800, 1000]);
    t = 0;
    await expect(waitForDebugger('h', 1, { ...options, probe: failing, stillRunning: async () => false })).rejects.toBeInstanceOf(DebuggerWaitFailed);
    let calls = 0;
    const answer = await waitForDebugger('h', 1, {
      ...options,
      deadline: 1e9,
      probe: async () => (++calls < 3 ? Promise.reject(new Error('no')) : { detail: 'ok' }),
    });
    expect(answer).toEqual({ detail: 'ok' });
  });
});

describe('listensOn (debugpy is checked from inside the container, not by using up its one session)', () => {
  const procNet = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 00000000:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1',
    '   1: 0100007F:162E 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1000        0 2',
  ].join('\n');
  it('finds LISTEN (0A) sockets by port, not established ones', async () => {
    expect(listensOn(procNet, 8000)).toBe(true);
    expect(listensOn(procNet, 5678)).toBe(false);
    expect(listensOn(`${procNet}\n   2: 00000000:162E 00000000:0000 0A 0 0 0 1000 0 3`, 5678)).toBe(true);
    await expect(listeningProbe(async () => procNet, 5678, 'debugpy')('h', 1, 100)).rejects.toThrow(/nothing listens on port 5678/);
    await expect(listeningProbe(async () => procNet, 8000, 'debugpy')('h', 1, 100)).resolves.toEqual({ detail: 'debugpy' });
  });
});
