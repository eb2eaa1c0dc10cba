import { lstat, readFile, readlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import type { Owner } from './owner.js';

export interface Copy {
  /** Host path. */
  from: string;
  /** Absolute container path. */
  to: string;
}

export interface PackedBatch {
  tar: Readable;
  /** Resolves once every entry is written, with the container paths whose host files had gone (to delete instead). */
  done: Promise<{ written: string[]; missing: string[] }>;
}

/**
 * One tar for a whole batch, unpacked at the container's root: names are container paths, owner the
 * container's user. Folders precede their files (callers sort), so a new folder gets the owner too.
 */
export function packBatch(copies: Copy[], owner: Owner): PackedBatch {
  const pack = tar.pack();
  const done = (async () => {
    const written: string[] = [];
    const missing: string[] = [];
    for (const copy of copies) {
      const stat = await lstat(copy.from).catch(() => undefined);
      if (!stat) {
        missing.push(copy.to);
        continue;
      }
      const header = { name: copy.to.replace(/^\/+/, ''), mode: stat.mode & 0o7777, mtime: stat.mtime, uid: owner.uid, gid: owner.gid };
      if (stat.isDirectory()) await entry(pack, { ...header, type: 'directory' });
      else if (stat.isSymbolicLink()) await entry(pack, { ...header, type: 'symlink', linkname: await readlink(copy.from) });
      else if (stat.isFile()) {
        const content = await readFile(copy.from).catch(() => undefined);
        if (!content) {
          missing.push(copy.to);
          continue;
        }
        await entry(pack, { ...header, type: 'file', size: content.length }, content);
      } else continue;
      written.push(copy.to);
    }
    pack.finalize();
    return { written, missing };
  })();
  done.catch((error: Error) => pack.destroy(error));
  return { tar: pack as unknown as Readable, done };
}

function entry(pack: tar.Pack, header: tar.Header | Parameters<tar.Pack['entry']>[0], content?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve());
    if (content) pack.entry(header, content, done);
    else pack.entry(header, done);
  });
}
