import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pipeline as pipelineCb } from 'node:stream';
import { promisify } from 'node:util';
import { constants, createGunzip, gzip } from 'node:zlib';
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

const WINDOW = 1024 * 1024;
/** At level 0, every this many windows one is compressed again, to notice data that compresses again. */
const PROBE_EVERY = 8;
const gzipBuffer = promisify(gzip);

/**
 * Gzip in independent members of 1 MiB each (a gzip file may hold several; gunzip reads them as one
 * stream), so each member gets its own level: 1 (fastest real compression) while the data compresses,
 * 0 (stored) while it does not. Deflating data that does not compress (media, other archives, random
 * bytes) would cost most of a save's time for a gain under 5%. Memory: one window, whatever the size.
 */
class AdaptiveGzip extends Transform {
  private pending: Buffer[] = [];
  private size = 0;
  private level = constants.Z_BEST_SPEED;
  private storedWindows = 0;
  private members = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending.push(chunk);
    this.size += chunk.length;
    if (this.size < WINDOW) return done();
    this.member().then(() => done(), done);
  }

  override _flush(done: TransformCallback): void {
    // An empty source still makes a valid (empty) gzip file.
    if (this.size || !this.members) return void this.member().then(() => done(), done);
    done();
  }

  private async member(): Promise<void> {
    const input = Buffer.concat(this.pending);
    this.pending = [];
    this.size = 0;
    const output = await gzipBuffer(input, { level: this.level });
    this.members += 1;
    this.push(output);
    if (this.level === constants.Z_NO_COMPRESSION) {
      this.storedWindows += 1;
      if (this.storedWindows % PROBE_EVERY === 0) this.level = constants.Z_BEST_SPEED;
    } else if (output.length > input.length * 0.95) {
      this.level = constants.Z_NO_COMPRESSION;
    }
  }
}

/** Compresses a stream into a file (see AdaptiveGzip), never holding more than one window. */
export async function writeArchive(source: Readable, path: string): Promise<Pick<ArchivePart, 'bytes' | 'sha256'>> {
  const measure = new Measure();
  await pipeline(source, new AdaptiveGzip(), measure, createWriteStream(path, { flags: 'wx' }));
  return { bytes: measure.bytes, sha256: measure.hash.digest('hex') };
}

/** The uncompressed content of an archive; the stream fails if the file is not byte for byte what was written. */
export function openArchive(path: string, part: ArchivePart): Readable {
  return pipelineCb(createReadStream(path), new Verify(part, part.file), createGunzip(), () => undefined);
}

/**
 * The name of a tar stream's first entry, read without consuming it (the bytes go back to the stream).
 * Docker names a copied folder's entries after the folder (`devstack-volume/...`); Podman 4.3 names
 * them from its root (`/`, `/f`), so where an archive unpacks depends on which engine made it.
 */
export async function firstEntryName(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  while (size < 512) {
    const chunk = stream.read() as Buffer | null;
    if (chunk) {
      chunks.push(chunk);
      size += chunk.length;
      continue;
    }
    const ended = await new Promise<boolean>((resolve, reject) => {
      const settle = (value: boolean | Error) => {
        stream.off('readable', onReadable).off('end', onEnd).off('error', settle);
        if (value instanceof Error) reject(value);
        else resolve(value);
      };
      const onReadable = () => settle(false);
      const onEnd = () => settle(true);
      stream.once('readable', onReadable).once('end', onEnd).once('error', settle);
    });
    if (ended) break;
  }
  const head = Buffer.concat(chunks);
  if (head.length) stream.unshift(head);
  const field = (from: number, length: number) =>
    head
      .subarray(from, from + length)
      .toString('utf8')
      .replace(/\0[\s\S]*$/, '');
  const prefix = field(345, 155);
  const name = field(0, 100);
  return prefix ? `${prefix}/${name}` : name;
}
