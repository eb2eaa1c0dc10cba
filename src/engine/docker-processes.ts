import { Writable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import { EngineError } from '../errors.js';
import { FrameDemuxer } from './demux.js';
import { StdoutDemuxer, Tail } from './demux-stream.js';
import type { AttachedProcess, Engine, ExecResult, ExecSpec, ExecStreamResult, ExecStreams, ProcessIo, TerminalSize } from './types.js';
import { DockerArea } from './docker-area.js';

/** Processes in containers: exec (collected, attached, streamed) and attaching to a container. */
export class DockerProcesses extends DockerArea implements Pick<Engine, 'exec' | 'execAttached' | 'attachContainer' | 'execStream'> {
  async exec(id: string, cmd: string[], timeoutMs: number): Promise<ExecResult> {
    const container = this.docker.getContainer(id);
    const exec = await this.call(`exec in ${id.slice(0, 12)}`, () => container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true }));
    const stream = await this.call('start exec', () => exec.start({ hijack: true, stdin: false }));
    const demuxer = new FrameDemuxer(false);
    const out: Record<'stdout' | 'stderr', string[]> = { stdout: [], stderr: [] };
    const collect = (lines: ReturnType<FrameDemuxer['push']>) => lines.forEach((l) => out[l.stream].push(l.text));
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      new Promise<boolean>((resolve, reject) => {
        stream.on('data', (chunk: Buffer) => collect(demuxer.push(chunk)));
        stream.on('end', () => resolve(true));
        stream.on('close', () => resolve(true));
        stream.on('error', reject);
      }),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    collect(demuxer.flush());
    if (!finished) {
      stream.destroy();
      return { exitCode: -1, stdout: out.stdout.join('\n'), stderr: `timed out after ${timeoutMs} ms` };
    }
    const result = await this.call('inspect exec', () => exec.inspect());
    return { exitCode: result.ExitCode ?? -1, stdout: out.stdout.join('\n'), stderr: out.stderr.join('\n') };
  }

  async execAttached(id: string, spec: ExecSpec, io: ProcessIo): Promise<AttachedProcess> {
    const short = id.slice(0, 12);
    const exec = await this.call(`exec in ${short}`, () =>
      this.docker.getContainer(id).exec({
        Cmd: spec.cmd,
        AttachStdin: Boolean(io.stdin),
        AttachStdout: true,
        AttachStderr: true,
        Tty: io.tty,
        ...(spec.user ? { User: spec.user } : {}),
        ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
        ...(spec.privileged ? { Privileged: true } : {}),
        ...(spec.env ? { Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`) } : {}),
      }),
    );
    const stream = (await this.call(`start exec in ${short}`, () => exec.start({ hijack: true, stdin: Boolean(io.stdin), Tty: io.tty }))) as Duplex;
    const exitCode = this.pump(stream, io).then(() => this.execExitCode(exec));
    return {
      exitCode,
      resize: (size: TerminalSize) => this.call(`resize exec in ${short}`, () => exec.resize({ h: size.rows, w: size.columns })).then(() => undefined),
    };
  }

  async attachContainer(id: string, io: ProcessIo): Promise<AttachedProcess> {
    const short = id.slice(0, 12);
    const container = this.docker.getContainer(id);
    const stream = (await this.call(`attach to ${short}`, () =>
      container.attach({ stream: true, stdin: Boolean(io.stdin), stdout: true, stderr: true, hijack: true }),
    )) as Duplex;
    const exitCode = this.pump(stream, io).then(async () => {
      const result = (await this.call(`wait for ${short}`, () => container.wait())) as { StatusCode: number };
      return result.StatusCode;
    });
    return {
      exitCode,
      resize: (size: TerminalSize) => this.call(`resize ${short}`, () => container.resize({ h: size.rows, w: size.columns })).then(() => undefined),
    };
  }

  async execStream(id: string, spec: ExecSpec, streams: ExecStreams): Promise<ExecStreamResult> {
    const short = id.slice(0, 12);
    const exec = await this.call(`exec in ${short}`, () =>
      this.docker.getContainer(id).exec({
        Cmd: spec.cmd,
        AttachStdin: Boolean(streams.stdin),
        AttachStdout: true,
        AttachStderr: true,
        ...(spec.user ? { User: spec.user } : {}),
        ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
        ...(spec.env ? { Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`) } : {}),
      }),
    );
    const socket = (await this.call(`start exec in ${short}`, () => exec.start({ hijack: true, stdin: Boolean(streams.stdin) }))) as Duplex;
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
    const output = pipeline(socket, new StdoutDemuxer((chunk) => stderr.add(chunk)), sink);
    const [written, read] = await Promise.allSettled([input, output]);
    if (sourceError) throw sourceError;
    const exitCode = await this.execExitCode(exec).catch(() => -1);
    if (exitCode === 0) {
      if (written.status === 'rejected') throw written.reason;
      if (read.status === 'rejected') throw read.reason;
    }
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  }

  /** Copies a hijacked stream to the caller's outputs (demultiplexed unless a TTY) and their stdin into it; resolves when it ends. */
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
