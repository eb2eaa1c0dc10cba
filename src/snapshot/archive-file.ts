import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pipeline as pipelineCb } from 'node:stream';
import { constants, createGunzip, createGzip } from 'node:zlib';
import type { ArchivePart } from './manifest.js';

/** Counts and hashes the bytes passing through. */
class Measure extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/** Fails the stream at its end when the bytes are not the ones the manifest recorded. */
class Verify extends Measure {
  constructor(
    private readonly expected: Pick<ArchivePart, 'bytes' | 'sha256'>,
    private readonly file: string,
  ) {
    super();
  }

  override _flush(done: TransformCallback): void {
    if (this.bytes !== this.expected.bytes) {
      return done(new Error(`archive ${this.file} is ${this.bytes} bytes where the snapshot wrote ${this.expected.bytes} (truncated or damaged)`));
    }
    const sha = this.hash.digest('hex');
    done(sha === this.expected.sha256 ? null : new Error(`archive ${this.file} does not match its checksum (damaged)`));
  }
}

/**
 * Compresses a stream into a file, never holding more than the streams' buffers. Level 1: the data is
 * often already compressed (a pg_dump, images in a bucket) and the CLI's time matters more than bytes.
 */
export async function writeArchive(source: Readable, path: string): Promise<Pick<ArchivePart, 'bytes' | 'sha256'>> {
  const measure = new Measure();
  await pipeline(source, createGzip({ level: constants.Z_BEST_SPEED }), measure, createWriteStream(path, { flags: 'wx' }));
  return { bytes: measure.bytes, sha256: measure.hash.digest('hex') };
}

/** The uncompressed content of an archive; the stream fails if the file is not byte for byte what was written. */
export function openArchive(path: string, part: ArchivePart): Readable {
  return pipelineCb(createReadStream(path), new Verify(part, part.file), createGunzip(), () => undefined);
}
