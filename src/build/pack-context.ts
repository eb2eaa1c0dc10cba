import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import dockerignore from '@balena/dockerignore';
import tar from 'tar-stream';
import { dockerignoreLines } from './dockerignore-file.js';

/** Files packed between two turns of the event loop, so a watcher sharing the process stays responsive. */
const SLICE = 400;
/** Packed bytes waiting for the engine before packing pauses: a context of large assets is not held in memory whole. */
const MAX_BUFFERED = 32 * 1024 * 1024;

function buffered(pack: tar.Pack): number {
  return (pack as unknown as { _readableState?: { buffered?: number } })._readableState?.buffered ?? 0;
}

/**
 * The build context as a tar stream with .dockerignore applied here, since dockerode sends a directory
 * as it is (dockerode#545). The Dockerfile and .dockerignore always go, as the engine needs them.
 * An ignored folder is not even listed, unless a `!` exception might keep something inside it.
 *
 * Packed by hand (sync reads, one tar-stream entry per file) rather than with tar-fs, whose stream per
 * file cost 1.6 s of CPU for a 15,000-file context on the bench machine against ~0.45 s this way. As
 * the Docker CLI does, entries are owned by 0:0: the engine's COPY gives root ownership anyway.
 */
export function buildContext(context: string, dockerfile: string): Readable {
  const lines = dockerignoreLines(context)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  // The package is CommonJS with its function on `default`, which is what Node's ESM loader exposes.
  const rules = dockerignore.default({ ignorecase: false }).add(lines);
  const prunes = !lines.some((line) => line.startsWith('!'));
  const keep = new Set([dockerfile.split(sep).join('/'), '.dockerignore']);
  const pack = tar.pack();
  const pending: string[] = [''];
  let packed = 0;

  const step = (): void => {
    // Destroyed: the build was cancelled or the engine went away; the rest of the tree is not walked.
    if ((pack as unknown as { destroyed?: boolean }).destroyed) return;
    if (buffered(pack) > MAX_BUFFERED) return void setTimeout(step, 5);
    try {
      while (pending.length) {
        const rel = pending.pop()!;
        for (const entry of readdirSync(rel ? join(context, rel) : context, { withFileTypes: true })) {
          const path = rel ? `${rel}/${entry.name}` : entry.name;
          // .devstack holds devstack's own state (the lock, snapshots): never part of an image.
          const ignored = !keep.has(path) && (path.split('/').includes('.devstack') || rules.ignores(path));
          const holdsKept = entry.isDirectory() && [...keep].some((kept) => kept.startsWith(`${path}/`));
          if (ignored && (!entry.isDirectory() || (prunes && !holdsKept))) continue;
          const full = join(context, path);
          const stat = lstatSync(full);
          const header = { name: path, mode: stat.mode & 0o7777, mtime: stat.mtime, uid: 0, gid: 0 };
          if (entry.isDirectory()) {
            if (!ignored) pack.entry({ ...header, type: 'directory' });
            pending.push(path);
          } else if (entry.isSymbolicLink()) {
            pack.entry({ ...header, type: 'symlink', linkname: readlinkSync(full) });
          } else if (entry.isFile()) {
            pack.entry({ ...header, size: stat.size }, readFileSync(full));
          }
          packed += 1;
        }
        if (packed >= SLICE) {
          packed = 0;
          setImmediate(step);
          return;
        }
      }
      pack.finalize();
    } catch (error) {
      pack.destroy(error as Error);
    }
  };
  setImmediate(step);
  return pack as unknown as Readable;
}
