import type { Readable } from 'node:stream';
import type { Engine } from './types.js';
import { DockerArea } from './docker-area.js';

/** Files copied into and out of containers as tar archives. */
export class DockerArchives extends DockerArea implements Pick<Engine, 'getArchive' | 'putArchive'> {
  async getArchive(id: string, path: string): Promise<Readable> {
    return (await this.call(`copy ${path} out of ${id.slice(0, 12)}`, () => this.docker.getContainer(id).getArchive({ path }))) as Readable;
  }

  async putArchive(id: string, dir: string, tar: Readable): Promise<void> {
    // The engine waits for the rest of a body that stops coming: a failing source aborts the request.
    const abort = new AbortController();
    let sourceError: unknown;
    tar.once('error', (error) => {
      sourceError = error;
      abort.abort();
    });
    try {
      await this.call(`copy into ${dir} of ${id.slice(0, 12)}`, () =>
        this.docker.getContainer(id).putArchive(tar, { path: dir, abortSignal: abort.signal } as unknown as Record<string, unknown>),
      );
    } catch (error) {
      throw sourceError ?? error;
    }
    if (sourceError) throw sourceError;
  }
}
