import { randomUUID } from 'node:crypto';
import type { Duplex, Readable } from 'node:stream';
import { BuilderFeatureMissingError, BuildFailedError, BuildFrontendUnavailableError, EngineError } from '../errors.js';
import type { SessionDialer, SharedBuildSessions } from './buildkit-session.js';
import { BuildKitUnavailable } from './buildkit-unavailable.js';
import { BuildTrace, stepLabel } from './buildkit-trace.js';
import { debug } from './debug-log.js';
import { readJsonLines } from './json-lines.js';
import { copiesMissingFile } from './builder-words.js';
import type { BuildLineEvent, BuildOptions, BuildResult } from './types.js';

/** The slice of docker-modem a BuildKit build uses: its dial, which does the HTTP, the upgrade and the status codes. */
export interface Modem {
  dial(options: object, callback: (error: unknown, result: unknown) => void): void;
}

interface BuildMessage {
  id?: string;
  aux?: string | { ID?: string };
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

const dial = <T>(modem: Modem, options: object) =>
  new Promise<T>((resolve, reject) => modem.dial(options, (error, result) => (error ? reject(error) : resolve(result as T))));

/** Build options in the engine's query form; the secrets and ssh sockets are not among them: they go through the session. */
function query(options: BuildOptions, session: string | undefined, buildId: string): Record<string, unknown> {
  return {
    t: options.tag,
    dockerfile: options.dockerfile,
    version: '2',
    ...(session ? { session } : {}),
    buildid: buildId,
    ...(options.target ? { target: options.target } : {}),
    buildargs: options.buildArgs,
    labels: options.labels,
    ...(options.noCache ? { nocache: true } : {}),
    ...(options.pull ? { pull: '1' } : {}),
    ...(options.network ? { networkmode: options.network } : {}),
    ...(options.extraHosts?.length ? { extrahosts: options.extraHosts } : {}),
    ...(options.shmSizeBytes ? { shmsize: options.shmSizeBytes } : {}),
    ...(options.cacheFrom?.length ? { cachefrom: JSON.stringify(options.cacheFrom) } : {}),
  };
}

/** The /session endpoint dialled through docker-modem, which does the HTTP upgrade. */
export async function sessionsFor(modem: Modem): Promise<SharedBuildSessions> {
  // gRPC is loaded only for builds that need a session: it is most of the start-up cost of a no-change rebuild.
  const { SharedBuildSessions } = await import('./buildkit-session.js');
  const dialer: SessionDialer = (headers) =>
    dial<Duplex>(modem, {
      method: 'POST',
      path: '/session',
      hijack: true,
      headers,
      statusCodes: { 101: true, 200: true, 400: 'bad request', 404: 'no such endpoint', 500: 'server error' },
    });
  return new SharedBuildSessions(dialer);
}

/** Dockerfile syntax newer than the engine's built-in frontend knows: the builder's gap, not the file's mistake. */
const NEWER_SYNTAX = /unknown flag: (link|chmod|parents|exclude|network|security|start-interval|keep-git-dir|checksum)\b|requires the labs|heredoc/i;

/**
 * One `version=2` build: a session serving secrets, ssh and credentials for as long as the build runs,
 * the trace decoded into one line per step, and every failure typed by its cause. Cancelling (the
 * signal) asks the engine to cancel, drops the stream and closes the session; BuildKit tags the image
 * only in its last step, so a cancelled build leaves no half-made image under the tag.
 */
export async function buildWithBuildKit(
  modem: Modem,
  /** Undefined for a build that needs no session (no secrets, ssh or frontend image): the engine builds without one. */
  sessions: SharedBuildSessions | undefined,
  context: Readable,
  options: BuildOptions,
  onLine: (line: string, event?: BuildLineEvent) => void,
  signal?: AbortSignal,
): Promise<BuildResult> {
  const service = options.service ?? options.tag;
  const session = await sessions
    ?.acquire(
      { secrets: new Map((options.secrets ?? []).map((s) => [s.id, s.read])), ssh: new Map((options.ssh ?? []).map((s) => [s.id, s.socket])) },
      new Map([
        ...(options.secrets ?? []).map((s) => [`secret ${s.id}`, s.source] as const),
        ...(options.ssh ?? []).map((s) => [`ssh ${s.id}`, s.socket] as const),
      ]),
    )
    .catch((error: { statusCode?: number; message?: string }) => {
      if (error.statusCode === 404 || error.statusCode === 400) throw new BuildKitUnavailable(`the engine has no build sessions (${error.message})`);
      throw error;
    });
  const buildId = randomUUID();
  const trace = new BuildTrace();
  let imageId: string | undefined;
  let failure: string | undefined;
  let stream: Readable | undefined;
  const cancel = () => {
    // Told to the engine as well: a dropped connection alone may leave BuildKit finishing the step it was on.
    modem.dial({ method: 'POST', path: `/build/cancel?id=${buildId}`, statusCodes: { 200: true, 404: true, 500: true } }, () => undefined);
    stream?.destroy();
    context.destroy();
    session?.release();
  };
  if (signal?.aborted) cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    stream = await dial<Readable>(modem, {
      path: '/build?',
      method: 'POST',
      file: context,
      options: query(options, session?.id, buildId),
      isStream: true,
      statusCodes: { 200: true, 400: 'bad request', 500: 'server error' },
    }).catch((error: { statusCode?: number; json?: { message?: string }; message?: string }) => {
      const said = error.json?.message ?? error.message ?? '';
      if (error.statusCode === 400 && /buildkit|version/i.test(said)) throw new BuildKitUnavailable(said);
      throw error;
    });
    if (signal?.aborted) stream.destroy();
    await readJsonLines<BuildMessage>(stream, (message) => {
      if (message.id === 'moby.buildkit.trace' && typeof message.aux === 'string') {
        for (const step of trace.add(message.aux))
          onLine(step.text, { kind: step.kind, ...(step.elapsedMs !== undefined ? { elapsedMs: step.elapsedMs } : {}) });
      } else if (message.id === 'moby.image.id' && typeof message.aux === 'object') {
        imageId = message.aux.ID;
      } else if (message.error) {
        failure = message.errorDetail?.message ?? message.error;
      }
    }).catch((error: Error) => {
      if (!signal?.aborted) throw error;
    });
  } finally {
    signal?.removeEventListener('abort', cancel);
    session?.release();
  }
  if (signal?.aborted) throw new EngineError(`build ${options.tag}`, undefined, 'cancelled');
  if (failure !== undefined) throw buildError(service, options, trace, failure);
  debug('buildkit', `${options.tag}: ${trace.steps} steps, ${trace.cached} cached`);
  return { id: imageId ?? options.tag, builder: 'buildkit', steps: trace.steps, cachedSteps: trace.cached };
}

function buildError(service: string, options: BuildOptions, trace: BuildTrace, message: string): Error {
  const failed = trace.failure();
  if (options.syntax && (failed?.name.startsWith('resolve image config for') || /frontend gateway/.test(message))) {
    return new BuildFrontendUnavailableError(service, options.syntax.where, options.syntax.image, failed?.error ?? message);
  }
  if (NEWER_SYNTAX.test(message) || (options.heredoc && !options.syntax && /dockerfile parse error/.test(message))) {
    return new BuilderFeatureMissingError(
      service,
      "engine's built-in Dockerfile frontend",
      options.heredoc && !NEWER_SYNTAX.test(message) ? `heredocs (RUN <<EOF) need Dockerfile syntax 1.4 or later: ${message}` : message,
      'Add `# syntax=docker/dockerfile:1` as the first line (the engine pulls a current frontend), or use a newer Docker Engine.',
    );
  }
  if (failed) {
    const detail = failed.exitCode !== undefined ? `the command exited with code ${failed.exitCode}` : failed.error;
    const step = stepLabel(failed.name);
    const kind = failed.exitCode === undefined && copiesMissingFile(step, detail) ? 'context-file-missing' : undefined;
    return new BuildFailedError(service, step, failed.output.slice(-30), detail, failed.exitCode, kind);
  }
  return new BuildFailedError(service, undefined, [], message);
}
