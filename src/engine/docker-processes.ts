import { Writable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import { EngineError } from '../errors.js';
import { StdoutDemuxer, Tail } from './demux-stream.js';
import { execText } from './exec-text.js';
import { execMissingExecutable } from './engine-errors.js';
import type { AttachedProcess, Engine, ExecResult, ExecSpec, ExecStreamResult, ExecStreams, ProcessIo, TerminalSize } from './types.js';
import { DockerArea } from './docker-area.js';

interface Started {
  exec: Docker.Exec;
  socket: Duplex;
}

/** A process's stdout and stderr, apart, as the caller wants them kept. */
interface Outputs {
  stdout: Writable;
  onStderr: (chunk: Buffer) => void;
}

/**
 * Processes in containers. Every exec starts one way (startExec), is read one way when it has no
 * terminal (pipeToOutputs: bytes, with backpressure) and ends one way (execExitCode); what differs
 * between exec, execStream and execAttached is only where the output goes.
 */
export class DockerProcesses extends DockerArea implements Pick<Engine, 'exec' | 'execAttached' | 'attachContainer' | 'execStream'> {
  /** Output collected whole, the process given `timeoutMs` to end (then it is left running and -1 returned). */
  async exec(id: string, cmd: string[], timeoutMs: number): Promise<ExecResult> {
    const { exec, socket } = await this.startExec(id, { cmd }, { stdin: false, tty: false });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (stdout.push(chunk), done()) });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      socket.destroy();
    }, timeoutMs);
    try {
      await pipeToOutputs(socket, { stdout: sink, onStderr: (chunk) => stderr.push(Buffer.from(chunk)) });
    } catch (error) {
      if (!timedOut) throw error;
    } finally {
      clearTimeout(timer);
    }
    const out = execText(Buffer.concat(stdout));
    if (timedOut) return { exitCode: -1, stdout: out, stderr: `timed out after ${timeoutMs} ms` };
    const result: ExecResult = { exitCode: await this.execExitCode(exec), stdout: out, stderr: execText(Buffer.concat(stderr)) };
    const missing = execMissingExecutable(cmd, result);
    return missing === undefined ? result : { ...result, missingExecutable: missing };
  }

  async execAttached(id: string, spec: ExecSpec, io: ProcessIo): Promise<AttachedProcess> {
    const short = id.slice(0, 12);
    const { exec, socket } = await this.startExec(id, spec, { stdin: Boolean(io.stdin), tty: io.tty, ...(io.size ? { size: io.size } : {}) });
    const exitCode = this.pump(socket, io).then(() => this.execExitCode(exec));
    return {
      exitCode,
      resize: (size: TerminalSize) => this.call(`resize exec in ${short}`, () => exec.resize({ h: size.rows, w: size.columns })).then(() => undefined),
    };
  }

  async attachContainer(id: string, io: ProcessIo): Promise<AttachedProcess> {
    const short = id.slice(0, 12);
    const container = this.docker.getContainer(id);
    const stream = await this.call(`attach to ${short}`, () => this.hijackAttach(id, Boolean(io.stdin)));
    const exitCode = this.pump(stream, io).then(async () => {
      const result = (await this.call(`wait for ${short}`, () => container.wait())) as { StatusCode: number };
      return result.StatusCode;
    });
    return {
      exitCode,
      resize: (size: TerminalSize) => this.call(`resize ${short}`, () => container.resize({ h: size.rows, w: size.columns })).then(() => undefined),
    };
  }

  /**
   * POST /containers/{id}/attach, hijacked, with no request body. dockerode's attach also sends its
   * options as a JSON body, which Docker ignores and Podman passes on to the container's stdin
   * ({"stream":true,...} before the input). With stdin open and no body, Node holds the request's
   * headers back until something is written; `Expect: 100-continue` sends them at once, and no engine
   * here answers it with more than the upgrade.
   */
  private hijackAttach(id: string, stdin: boolean): Promise<Duplex> {
    const modem = this.docker.modem as unknown as { dial(options: object, callback: (error: unknown, stream: Duplex) => void): void };
    return new Promise((resolve, reject) =>
      modem.dial(
        {
          path: `/containers/${id}/attach?`,
          method: 'POST',
          // The modem takes the query from _query and, for an empty _body, sends no body.
          options: { _query: { stream: true, stdin, stdout: true, stderr: true }, _body: {} },
          isStream: true,
          hijack: true,
          openStdin: stdin,
          headers: stdin ? { Expect: '100-continue' } : {},
          statusCodes: { 101: true, 200: true, 404: 'no such container', 409: 'container is not running', 500: 'server error' },
        },
        (error, stream) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(stream)),
      ),
    );
  }

  async execStream(id: string, spec: ExecSpec, streams: ExecStreams): Promise<ExecStreamResult> {
    const { exec, socket } = await this.startExec(id, spec, { stdin: Boolean(streams.stdin), tty: false });
    const stderr = new Tail();
    const stdout = new Tail();
    const sink = streams.stdout ?? new Writable({ write: (chunk: Buffer, _encoding, done) => (stdout.add(chunk), done()) });
    // A failing source (a damaged archive) is the cause to report, not the broken connection it leads to.
    let sourceError: unknown;
    streams.stdin?.once('error', (error) => {
      sourceError = error;
      socket.destroy();
    });
    const input = streams.stdin ? pipeline(streams.stdin, socket) : Promise.resolve();
    const output = pipeToOutputs(socket, { stdout: sink, onStderr: (chunk) => stderr.add(chunk) });
    const [written, read] = await Promise.allSettled([input, output]);
    // A small source can fail before the exec started (a slow engine, ssh), with no listener yet to see it.
    sourceError ??= streams.stdin?.errored ?? undefined;
    if (sourceError) throw sourceError;
    const exitCode = await this.execExitCode(exec).catch(() => -1);
    if (exitCode === 0) {
      if (written.status === 'rejected') throw written.reason;
      if (read.status === 'rejected') throw read.reason;
    }
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  }

  /** The one way a process is started in a container: the spec turned into the engine's exec options, created and started. */
  private async startExec(id: string, spec: ExecSpec, attach: { stdin: boolean; tty: boolean; size?: TerminalSize }): Promise<Started> {
    const short = id.slice(0, 12);
    // API 1.42 (Engine 23) takes the window size with the exec, so a shell's first prompt already has it; a
    // resize sent after the start can come too late for a program that reads the size once (over ssh it
    // did). Older engines ignore the field, and the resize after the start still reaches them.
    const consoleSize = attach.tty && attach.size ? { ConsoleSize: [attach.size.rows, attach.size.columns] as [number, number] } : {};
    const exec = await this.call(`exec in ${short}`, () =>
      this.docker.getContainer(id).exec({
        Cmd: spec.cmd,
        AttachStdin: attach.stdin,
        AttachStdout: true,
        AttachStderr: true,
        ...(attach.tty ? { Tty: true } : {}),
        ...consoleSize,
        ...(spec.user ? { User: spec.user } : {}),
        ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
        ...(spec.privileged ? { Privileged: true } : {}),
        ...(spec.env ? { Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`) } : {}),
      }),
    );
    const socket = (await this.call(`start exec in ${short}`, () =>
      exec.start({ hijack: true, stdin: attach.stdin, ...(attach.tty ? { Tty: true } : {}), ...consoleSize }),
    )) as Duplex;
    return { exec, socket };
  }

  /** Copies a hijacked stream to the caller's terminal or pipes (demultiplexed unless a TTY) and their stdin into it; resolves when it ends. */
  private pump(stream: Duplex, io: ProcessIo): Promise<void> {
    if (io.tty) stream.on('data', (chunk: Buffer) => io.stdout.write(chunk));
    else this.docker.modem.demuxStream(stream, io.stdout, io.stderr);
    // Ending our stdin half-closes the connection, which the engine passes on as EOF to the process.
    io.stdin?.pipe(stream);
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        io.stdin?.unpipe(stream);
        resolve();
      };
      stream.once('end', done);
      stream.once('close', done);
      stream.once('error', (error) => {
        io.stdin?.unpipe(stream);
        reject(this.unavailable(error));
      });
    });
  }

  /** The exec's stream can end a moment before the engine records the exit code. */
  private async execExitCode(exec: Docker.Exec): Promise<number> {
    for (let attempt = 0; ; attempt += 1) {
      const state = await this.call('inspect exec', () => exec.inspect());
      if (!state.Running && state.ExitCode !== null) return state.ExitCode;
      if (attempt >= 100) throw new EngineError('inspect exec', undefined, 'the command ended but the engine reports no exit code');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** A non-TTY exec's multiplexed stream, demultiplexed: stdout to its stream (with backpressure), stderr aside. */
function pipeToOutputs(socket: Duplex, outputs: Outputs): Promise<void> {
  return pipeline(socket, new StdoutDemuxer(outputs.onStderr), outputs.stdout);
}
