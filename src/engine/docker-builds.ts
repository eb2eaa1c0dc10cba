import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { EngineEndpoint } from './endpoint.js';
import { BuilderFeatureMissingError, BuildFailedError, EngineError } from '../errors.js';
import type { Modem } from './buildkit-build.js';
import type { SharedBuildSessions } from './buildkit-session.js';
import { BuildKitUnavailable } from './buildkit-unavailable.js';
import { readJsonLines } from './json-lines.js';
import type { BuildLineEvent, BuildOptions, BuildResult, Engine } from './types.js';
import { DockerArea } from './docker-area.js';
import type { DockerImages } from './docker-images.js';
import { copiesMissingFile, LEGACY_STEP, legacyStepExitCode } from './builder-words.js';

/**
 * Build secrets and ssh agents reach a build only through a BuildKit session. Without one the build
 * would still run, and a step that reads the secret would find no file (or hide that behind a pipe):
 * an image built wrong, silently. Said before anything is built instead.
 */
function refuseSessionFeatures(options: BuildOptions, only: string, fix: string): void {
  const wanted = [
    ...(options.secrets?.length ? [`build secrets (${options.secrets.map((s) => s.id).join(', ')})`] : []),
    ...(options.ssh?.length ? [`ssh forwarding (${options.ssh.map((s) => s.id).join(', ')})`] : []),
  ];
  if (!wanted.length) return;
  throw new BuilderFeatureMissingError(
    options.service ?? options.tag,
    'legacy builder',
    `${wanted.join(' and ')} reach a build only through ${only}`,
    `${fix}, or remove the ${[...(options.secrets?.length ? ['secrets'] : []), ...(options.ssh?.length ? ['ssh'] : [])].join(' and ')} from the build.`,
  );
}

/** Image builds: through BuildKit, or the legacy builder where BuildKit is missing or asked against. */
export class DockerBuilds extends DockerArea implements Pick<Engine, 'buildImage'> {
  /** The BuildKit session the builds of this process share while any runs (see SharedBuildSessions). */
  private buildSessions?: SharedBuildSessions;

  constructor(
    docker: Docker,
    endpoint: EngineEndpoint,
    private readonly images: DockerImages,
  ) {
    super(docker, endpoint);
  }

  async buildImage(
    context: Readable,
    options: BuildOptions,
    onLine: (line: string, event?: BuildLineEvent) => void,
    signal?: AbortSignal,
  ): Promise<BuildResult> {
    if (options.builder === 'legacy') return this.legacyBuild(context, options, onLine, signal);
    const ownBuilder = await this.ownBuilder();
    if (ownBuilder) return this.withoutBuildKit('it builds with buildah', ownBuilder, context, options, onLine, signal);
    // Loaded on first build: gRPC and protobufjs are a large share of the import cost of every command.
    const { buildWithBuildKit, sessionsFor } = await import('./buildkit-build.js');
    const modem = this.docker.modem as unknown as Modem;
    if (options.session) this.buildSessions ??= await sessionsFor(modem);
    try {
      return await this.call(`build ${options.tag}`, () =>
        buildWithBuildKit(modem, options.session ? this.buildSessions : undefined, context, options, onLine, signal),
      );
    } catch (error) {
      if (!(error instanceof BuildKitUnavailable)) throw error;
      return this.withoutBuildKit(error.message, undefined, context, options, onLine, signal);
    }
  }

  /**
   * Podman takes a `version=2` build without a word and builds it with its own builder (buildah),
   * answering as the legacy API does: read as BuildKit's trace, its step lines, output and exit codes
   * were lost. So a Podman build goes the legacy way from the start.
   */
  private async ownBuilder(): Promise<string | undefined> {
    const { podman } = await this.engineFacts();
    return podman
      ? `${podman} builds with buildah, not BuildKit: RUN --mount of caches and binds works, build secrets and ssh do not, and a # syntax= line is read as a comment`
      : undefined;
  }

  /** `ownBuilder`: the engine builds with a builder of its own, which the note names instead of the legacy one. */
  private withoutBuildKit(
    reason: string,
    ownBuilder: string | undefined,
    context: Readable,
    options: BuildOptions,
    onLine: (line: string, event?: BuildLineEvent) => void,
    signal?: AbortSignal,
  ): Promise<BuildResult> {
    refuseSessionFeatures(options, `BuildKit, which this engine does not have (${reason})`, 'Build on an engine with BuildKit (Docker Engine 18.09 or later)');
    onLine(
      ownBuilder
        ? `${ownBuilder}.`
        : `BuildKit is not available on this engine (${reason}): building through the engine's legacy build API, which runs no RUN --mount and no # syntax=.`,
      { kind: 'note' },
    );
    return this.legacyBuild(context, options, onLine, signal);
  }

  private async legacyBuild(
    context: Readable,
    options: BuildOptions,
    onLine: (line: string, event?: BuildLineEvent) => void,
    signal?: AbortSignal,
  ): Promise<BuildResult> {
    if (options.builder === 'legacy')
      refuseSessionFeatures(
        options,
        'BuildKit, which `builder: legacy` turns off',
        'Drop `x-devstack: {builder: legacy}` from the build (or --builder legacy)',
      );
    // buildah (Podman 4.3) gives a target stage it takes from its cache the labels of the build that
    // cached it, which may be another stage's or another project's: `up` would then run the wrong stage,
    // and `clean` would take the image for that other project's. Such a build runs without the cache.
    const buildah = Boolean(await this.ownBuilder());
    const uncachedStage = Boolean(options.target && !options.noCache && buildah);
    if (uncachedStage)
      onLine(
        `Building stage ${options.target} without the cache: Podman's builder would give a cached stage the labels of the build that cached it, and devstack tells images apart by their labels.`,
        { kind: 'note' },
      );
    const stream = (await this.call(`build ${options.tag}`, () =>
      this.docker.buildImage(context, {
        t: options.tag,
        dockerfile: options.dockerfile,
        ...(options.target ? { target: options.target } : {}),
        buildargs: options.buildArgs,
        labels: options.labels,
        nocache: uncachedStage || (options.noCache ?? false),
        pull: options.pull ? 'true' : undefined,
        // The legacy API takes these too; without them a step that needs the host name or the network fails there only.
        ...(options.network ? { networkmode: options.network } : {}),
        ...(options.extraHosts?.length ? { extrahosts: options.extraHosts } : {}),
        ...(options.shmSizeBytes ? { shmsize: options.shmSizeBytes } : {}),
        rm: true,
        forcerm: true,
        // buildah writes OCI images by default, whose config has no healthcheck: the Dockerfile's
        // HEALTHCHECK (and SHELL, ONBUILD) would be dropped without a word. Docker's format keeps them.
        ...(buildah ? { format: 'docker' } : {}),
      } as Docker.ImageBuildOptions),
    )) as Readable;
    const output: string[] = [];
    let step: string | undefined;
    let imageId: string | undefined;
    const cancel = () => {
      stream.destroy();
      context.destroy();
    };
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      await this.call(`build ${options.tag}`, () =>
        readJsonLines<{ stream?: string; error?: string; aux?: { ID?: string } }>(stream, (message) => {
          if (message.aux?.ID) imageId = message.aux.ID;
          for (const line of (message.stream ?? '').split('\n')) {
            if (!line.trim()) continue;
            if (LEGACY_STEP.test(line)) step = line;
            output.push(line);
            onLine(line);
          }
          if (message.error && /requires BuildKit/i.test(message.error)) {
            const hint =
              options.builder === 'legacy'
                ? 'Drop `x-devstack: {builder: legacy}` from the build (or --builder legacy) to build with BuildKit.'
                : 'Use an engine with BuildKit (Docker Engine 18.09 or later on Linux).';
            throw new BuilderFeatureMissingError(options.service ?? options.tag, 'legacy builder', `${step ? `${step}: ` : ''}${message.error.trim()}`, hint);
          }
          if (message.error) {
            const detail = message.error.trim();
            const kind = copiesMissingFile(step, detail) ? 'context-file-missing' : undefined;
            throw new BuildFailedError(options.service ?? options.tag, step, output.slice(-30), detail, legacyStepExitCode(detail), kind);
          }
        }),
      );
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
    if (signal?.aborted) throw new EngineError(`build ${options.tag}`, undefined, 'cancelled');
    return { id: imageId ?? (await this.images.imageId(options.tag)) ?? options.tag, builder: 'legacy' };
  }
}
