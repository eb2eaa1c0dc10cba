import type { Readable } from 'node:stream';
import { FrameDemuxer } from './demux.js';
import { jsonLinesUntilAborted } from './json-lines.js';
import { TimestampedLines } from './log-entry.js';
import { toContainerStats, type RawStats } from './stats.js';
import { toEpochSeconds } from '../model/timestamp.js';
import type { ContainerStats, Engine, EngineEvent, LogEntry, LogRequest } from './types.js';
import { DockerArea } from './docker-area.js';

/** What the engine reports as it happens: events, logs, stats. */
export class DockerStreams extends DockerArea implements Pick<Engine, 'containerLogs' | 'events' | 'logs' | 'stats'> {
  async containerLogs(id: string, tail: number): Promise<string[]> {
    const container = this.docker.getContainer(id);
    const state = await this.call(`inspect container ${id.slice(0, 12)}`, () => container.inspect());
    const raw = await this.call(`logs of ${id.slice(0, 12)}`, () => container.logs({ stdout: true, stderr: true, tail, follow: false }));
    const demuxer = new FrameDemuxer(Boolean(state.Config.Tty));
    const lines = [...demuxer.push(Buffer.from(raw)), ...demuxer.flush()];
    return lines.map((line) => line.text);
  }

  /**
   * Opens a stream that ends with the signal, also while its request waits for the answer's headers:
   * Podman sends a follow's headers only with its first line (or event, or sample), so a stream of a
   * quiet container, cut off by the signal alone once it answered, kept the CLI alive after Ctrl-C.
   * Undefined when the signal came first.
   */
  private async openStream(operation: string, open: (abortSignal: AbortSignal) => Promise<unknown>, signal: AbortSignal): Promise<Readable | undefined> {
    if (signal.aborted) return undefined;
    try {
      return (await this.call(operation, () => open(signal))) as Readable;
    } catch (error) {
      if (signal.aborted) return undefined;
      throw error;
    }
  }

  async *events(filters: Record<string, string[]>, signal: AbortSignal): AsyncIterable<EngineEvent> {
    const stream = await this.openStream('events', (abortSignal) => this.docker.getEvents({ filters, abortSignal } as object), signal);
    if (!stream) return;
    try {
      for await (const raw of jsonLinesUntilAborted<{
        Type: string;
        Action: string;
        Actor: { ID: string; Attributes?: Record<string, string> };
        timeNano: number;
      }>(stream, signal)) {
        yield {
          type: raw.Type as EngineEvent['type'],
          action: raw.Action,
          id: raw.Actor.ID,
          attributes: raw.Actor.Attributes ?? {},
          timeNano: BigInt(raw.timeNano),
        };
      }
    } catch (error) {
      if (!signal.aborted) throw this.unavailable(error);
    }
  }

  async *logs(id: string, request: LogRequest, signal: AbortSignal): AsyncIterable<LogEntry> {
    const container = this.docker.getContainer(id);
    const short = id.slice(0, 12);
    const state = await this.call(`inspect container ${short}`, () => container.inspect());
    const options = {
      stdout: true,
      stderr: true,
      timestamps: true,
      ...(request.tail !== undefined ? { tail: request.tail } : {}),
      ...(request.since ? { since: toEpochSeconds(request.since) } : {}),
    };
    const demuxer = new FrameDemuxer(Boolean(state.Config.Tty));
    const stamps = new TimestampedLines();
    if (!request.follow) {
      const raw = await this.call(`logs of ${short}`, () => container.logs({ ...options, follow: false }));
      for (const line of [...demuxer.push(Buffer.from(raw)), ...demuxer.flush()]) yield stamps.entry(line);
      return;
    }
    const stream = await this.openStream(`follow logs of ${short}`, (abortSignal) => container.logs({ ...options, follow: true, abortSignal }), signal);
    if (!stream) return;
    const stop = () => stream.destroy();
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const chunk of stream) for (const line of demuxer.push(chunk as Buffer)) yield stamps.entry(line);
      for (const line of demuxer.flush()) yield stamps.entry(line);
    } catch (error) {
      if (!signal.aborted) throw this.unavailable(error);
    } finally {
      signal.removeEventListener('abort', stop);
      stream.destroy();
    }
  }

  async *stats(id: string, signal: AbortSignal): AsyncIterable<ContainerStats> {
    const short = id.slice(0, 12);
    const stream = await this.openStream(
      `stats of ${short}`,
      (abortSignal) => this.docker.getContainer(id).stats({ stream: true, abortSignal } as { stream: true }),
      signal,
    );
    if (!stream) return;
    try {
      for await (const raw of jsonLinesUntilAborted<RawStats>(stream, signal)) yield toContainerStats(raw);
    } catch (error) {
      if (!signal.aborted) throw this.unavailable(error);
    }
  }
}
