import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { firstEntryName } from '../../../src/snapshot/archive-file.js';

/** A tar of a folder holding one file, made by tar(1) from `cwd`, of `what`. */
function tarOf(what: string, cwd: string): Buffer {
  return execFileSync('tar', ['-cf', '-', '-C', cwd, what]);
}

describe('firstEntryName', () => {
  const dir = mkdtempSync(join(tmpdir(), 'devstack-tar-'));
  mkdirSync(join(dir, 'devstack-volume'));
  writeFileSync(join(dir, 'devstack-volume', 'f'), 'kept\n');

  it.each([
    ['named after the folder, as Docker makes it', 'devstack-volume', dir, /^devstack-volume\/?$/],
    ['named from the root, as Podman makes it', '.', join(dir, 'devstack-volume'), /^\.\/?$/],
  ])('reads the first name of an archive %s, and leaves every byte in the stream', async (_how, what, cwd, name) => {
    const tar = tarOf(what, cwd);
    // In small chunks: the header may arrive in pieces.
    const stream = Readable.from(Array.from({ length: Math.ceil(tar.length / 100) }, (_, i) => tar.subarray(i * 100, (i + 1) * 100)));
    expect(await firstEntryName(stream)).toMatch(name);
    expect((await buffer(stream)).equals(tar)).toBe(true);
  });

  it('passes on the stream failing before its first header', async () => {
    const failing = new Readable({ read() {} });
    setImmediate(() => failing.destroy(new Error('archive damaged')));
    await expect(firstEntryName(failing)).rejects.toThrow('archive damaged');
  });
});
