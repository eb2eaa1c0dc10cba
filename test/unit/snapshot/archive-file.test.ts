import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { openArchive, writeArchive } from '../../../src/snapshot/archive-file.js';

const dir = mkdtempSync(join(tmpdir(), 'devstack-archive-'));

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(stream, new Writable({ write: (c: Buffer, _e, done) => (chunks.push(c), done()) }));
  return Buffer.concat(chunks);
}

/** Deterministic bytes that compress only a little, like real data. */
function* blocks(count: number): Generator<Buffer> {
  for (let i = 0; i < count; i += 1) yield Buffer.from(Array.from({ length: 64 * 1024 }, (_, j) => (i * 7919 + j * 31 + ((j * j) >> 3)) & 0xff));
}

describe('archive files', () => {
  it('give back exactly what was written, measured as written', async () => {
    const path = join(dir, 'ok.gz');
    const written = await writeArchive(Readable.from(blocks(20)), path);
    expect(written.bytes).toBeGreaterThan(0);
    expect((await readAll(openArchive(path, { file: 'ok.gz', ...written }))).equals(Buffer.concat([...blocks(20)]))).toBe(true);
  });

  it('fail, naming the file, when it was truncated', async () => {
    const path = join(dir, 'cut.gz');
    const written = await writeArchive(Readable.from(blocks(20)), path);
    truncateSync(path, Math.floor(written.bytes / 2));
    await expect(readAll(openArchive(path, { file: 'cut.gz', ...written }))).rejects.toThrow(/cut.gz|unexpected end of file/);
  });

  it('fail when a byte changed, even where gzip might not notice', async () => {
    const path = join(dir, 'flip.gz');
    const written = await writeArchive(Readable.from(blocks(2)), path);
    writeFileSync(path, Buffer.alloc(written.bytes, 0x1f));
    await expect(readAll(openArchive(path, { file: 'flip.gz', ...written }))).rejects.toThrow();
  });

  it('refuse to overwrite an existing file', async () => {
    const path = join(dir, 'twice.gz');
    await writeArchive(Readable.from(blocks(1)), path);
    await expect(writeArchive(Readable.from(blocks(1)), path)).rejects.toThrow(/EEXIST/);
  });
});

describe('compression level', () => {
  /** As the engine sends data: in small chunks. */
  function* chunked(...buffers: Buffer[]): Generator<Buffer> {
    for (const buffer of buffers) for (let at = 0; at < buffer.length; at += 64 * 1024) yield buffer.subarray(at, at + 64 * 1024);
  }

  it('stores data that does not compress, compresses data that does, in one archive, losslessly', async () => {
    const { randomBytes } = await import('node:crypto');
    const random = randomBytes(24 * 1024 * 1024);
    const text = Buffer.from('the same line of text, again and again\n'.repeat(1_700_000));
    const path = join(dir, 'mixed.gz');
    const written = await writeArchive(Readable.from(chunked(random, text)), path);
    // Random bytes stored cost about their size; most of the text shrinks to almost nothing.
    expect(written.bytes).toBeGreaterThan(random.length);
    expect(written.bytes).toBeLessThan(random.length + text.length / 2);
    expect((await readAll(openArchive(path, { file: 'mixed.gz', ...written }))).equals(Buffer.concat([random, text]))).toBe(true);
  });

  it('makes a valid archive of nothing', async () => {
    const path = join(dir, 'empty.gz');
    const written = await writeArchive(Readable.from([]), path);
    expect((await readAll(openArchive(path, { file: 'empty.gz', ...written }))).length).toBe(0);
  });
});
