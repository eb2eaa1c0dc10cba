import type { Readable } from 'node:stream';
import { EngineError } from '../errors.js';
import { mapImageConfig, type ImageInspectJson } from './map-image.js';
import { PullProgressFolder, withDefaultTag, type PullMessage } from './pull-progress.js';
import { readJsonLines } from './json-lines.js';
import type { Engine, ImageConfig, ImageDetails, ImageSummary, PullProgress } from './types.js';
import { DockerArea, hasLabels, labelFilter } from './docker-area.js';
import { familiarName } from './familiar-name.js';

/** Images: inspect, list, remove, pull, and registry look-ups. */
export class DockerImages
  extends DockerArea
  implements Pick<Engine, 'imageId' | 'imageConfig' | 'imageDetails' | 'listImages' | 'removeImage' | 'pullImage' | 'registryDigest'>
{
  async imageId(ref: string): Promise<string | undefined> {
    const json = await this.optional(`inspect image ${ref}`, () => this.docker.getImage(withDefaultTag(ref)).inspect());
    return json?.Id;
  }

  async imageConfig(ref: string): Promise<ImageConfig | undefined> {
    const json = await this.optional(`inspect image ${ref}`, () => this.docker.getImage(withDefaultTag(ref)).inspect());
    return json ? mapImageConfig(json as unknown as ImageInspectJson) : undefined;
  }

  async imageDetails(ref: string): Promise<ImageDetails | undefined> {
    const json = (await this.optional(`inspect image ${ref}`, () => this.docker.getImage(withDefaultTag(ref)).inspect())) as
      { Id: string; Size?: number; RootFS?: { Layers?: string[] }; Config?: { Labels?: Record<string, string> | null } | null } | undefined;
    if (!json) return undefined;
    return { id: json.Id, sizeBytes: json.Size ?? 0, layers: json.RootFS?.Layers?.length ?? 0, labels: json.Config?.Labels ?? {} };
  }

  async listImages(labels: Record<string, string | true>, options: { dangling?: boolean } = {}): Promise<ImageSummary[]> {
    const filters = { label: labelFilter(labels), ...(options.dangling ? { dangling: ['true'] } : {}) };
    const list = await this.call('list images', () => this.docker.listImages({ filters }));
    return list
      .filter((image) => hasLabels(image.Labels, labels))
      .map((image) => ({
        id: image.Id,
        tags: (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>').map(familiarName),
        labels: image.Labels ?? {},
        sizeBytes: image.Size,
        created: image.Created,
      }));
  }

  async removeImage(id: string): Promise<void> {
    await this.optional(`remove image ${id.slice(0, 19)}`, () => this.docker.getImage(id).remove());
  }

  async pullImage(ref: string, onProgress: (p: PullProgress) => void, signal?: AbortSignal): Promise<void> {
    const tagged = withDefaultTag(ref);
    const stream = (await this.call(`pull ${tagged}`, () => this.docker.pull(tagged), 'pull')) as Readable;
    const onAbort = () => stream.destroy();
    signal?.addEventListener('abort', onAbort, { once: true });
    const folder = new PullProgressFolder();
    try {
      await this.call(
        `pull ${tagged}`,
        () =>
          readJsonLines<PullMessage & { error?: string }>(stream, (message) => {
            if (message.error) throw new Error(message.error);
            onProgress(folder.add(message));
          }),
        'pull',
      );
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async registryDigest(ref: string, timeoutMs: number): Promise<string | undefined> {
    const name = withDefaultTag(ref);
    // Podman has no /distribution endpoint: its 404 (worded one way or another by the path) says nothing about the image.
    const { podman } = await this.engineFacts();
    if (podman)
      throw new EngineError(`look up ${name} in its registry`, 501, `this engine (${podman}) cannot look images up in a registry without pulling them`);
    // dockerode's distribution() takes no abort signal; a registry that never answers must not hold the CLI open.
    const modem = this.docker.modem as unknown as { dial(options: object, callback: (error: unknown, data: unknown) => void): void };
    try {
      const json = (await this.call(
        `look up ${name} in its registry`,
        () =>
          new Promise<unknown>((resolve, reject) => {
            const options = {
              path: `/distribution/${name}/json`,
              method: 'GET',
              statusCodes: { 200: true, 401: 'unauthorized', 404: 'no such image', 500: 'server error' },
              abortSignal: AbortSignal.timeout(timeoutMs),
            };
            modem.dial(options, (error, data) => (error ? reject(error) : resolve(data)));
          }),
      )) as { Descriptor?: { digest?: string } };
      return json.Descriptor?.digest;
    } catch (error) {
      if (error instanceof EngineError && (error.statusCode === 404 || error.statusCode === 401)) return undefined;
      throw error;
    }
  }
}
