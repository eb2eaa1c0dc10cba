import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import dockerignore from '@balena/dockerignore';
import tar from 'tar-fs';

function readIgnoreFile(context: string): string[] {
  try {
    return readFileSync(join(context, '.dockerignore'), 'utf8').split(/\r?\n/);
  } catch {
    return [];
  }
}

/**
 * The build context as a tar stream with .dockerignore applied here, since dockerode sends a directory
 * as it is (dockerode#545). The Dockerfile and .dockerignore always go, as the engine needs them.
 */
export function buildContext(context: string, dockerfile: string): Readable {
  // The package is CommonJS with its function on `default`, which is what Node's ESM loader exposes.
  const rules = dockerignore.default({ ignorecase: false }).add(readIgnoreFile(context));
  const keep = new Set([dockerfile.split(sep).join('/'), '.dockerignore']);
  const pack = tar.pack(context, {
    ignore: (path: string) => {
      const rel = relative(context, path).split(sep).join('/');
      // .devstack holds devstack's own state (the lock, snapshots): never part of an image.
      return rel !== '' && !keep.has(rel) && (rel.split('/').includes('.devstack') || rules.ignores(rel));
    },
  });
  return pack as unknown as Readable;
}
