import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pathFilter } from '../../../src/watch/ignore.js';
import { listTree, watchTree, type Watching } from '../../../src/watch/tree-watcher.js';

/** This process's inotify watches, as the kernel counts them. */
function inotifyWatches(): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    const link = (() => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    })();
    if (link.includes('inotify'))
      count += readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('inotify wd:')).length;
  }
  return count;
}

const open: Watching[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'devstack-tree-'));
  for (const dir of ['src/a', 'src/b', 'node_modules/x/y', '.git/objects', 'dist']) mkdirSync(join(root, dir), { recursive: true });
  for (let i = 0; i < 30; i += 1) writeFileSync(join(root, `src/a/f${i}.js`), 'x');
  for (let i = 0; i < 30; i += 1) writeFileSync(join(root, `node_modules/x/y/m${i}.js`), 'x');
  return root;
}

/** Watches the tree; the set fills with the paths (relative to the root) the watcher reports. */
async function changesUnder(root: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const w = await watchTree({
    root,
    ignored: pathFilter(root, []),
    onChange: (p) => seen.add(p.slice(root.length + 1)),
    onLimit: () => undefined,
    onError: () => undefined,
  });
  open.push(w);
  return seen;
}

describe('watchTree', () => {
  it('holds one kernel watch per non-ignored folder and none per file', async () => {
    const root = tree();
    const before = inotifyWatches();
    const w = await watchTree({ root, ignored: pathFilter(root, []), onChange: () => undefined, onLimit: () => undefined, onError: () => undefined });
    open.push(w);
    expect(w.folders).toBe(4);
    expect(inotifyWatches() - before).toBe(4);
  });

  it('reports writes, deletions, renames and new folders with their files; ignored folders stay silent', async () => {
    const root = tree();
    const seen = await changesUnder(root);
    writeFileSync(join(root, 'src/b/new.txt'), 'n');
    rmSync(join(root, 'src/a/f1.js'));
    renameSync(join(root, 'src/a/f2.js'), join(root, 'src/b/f2.js'));
    writeFileSync(join(root, 'node_modules/x/y/m1.js'), 'changed');
    mkdirSync(join(root, 'src/c/d'), { recursive: true });
    writeFileSync(join(root, 'src/c/d/deep.txt'), 'd');
    await until(() => ['src/b/new.txt', 'src/a/f1.js', 'src/a/f2.js', 'src/b/f2.js', 'src/c', 'src/c/d/deep.txt'].every((p) => seen.has(p)));
    renameSync(join(root, 'src/c'), join(root, 'src/e'));
    await until(() => seen.has('src/e') && seen.has('src/e/d/deep.txt'));
    writeFileSync(join(root, 'src/e/d/after.txt'), 'a');
    await until(() => seen.has('src/e/d/after.txt'));
    expect([...seen].filter((p) => p.startsWith('node_modules'))).toEqual([]);
  });

  it("does not report an editor's temporary file, written and renamed over the real one before it was seen", async () => {
    const root = tree();
    const seen = await changesUnder(root);
    // What `sed -i` (and many editors) do: write a temporary file beside the real one, then rename it over it.
    writeFileSync(join(root, 'src/a/sedMp7mkh'), 'new');
    renameSync(join(root, 'src/a/sedMp7mkh'), join(root, 'src/a/f3.js'));
    rmSync(join(root, 'src/a/f4.js'));
    await until(() => seen.has('src/a/f3.js') && seen.has('src/a/f4.js'));
    await new Promise((r) => setTimeout(r, 200));
    expect([...seen].sort()).toEqual(['src/a/f3.js', 'src/a/f4.js']);
  });

  it('lists a tree for an initial sync without what is ignored', async () => {
    const root = tree();
    const listed = await listTree(root, pathFilter(root, [{ base: root, patterns: ['src/a/f1*'] }]));
    expect(listed.filter((p) => p.includes('node_modules') || p.includes('.git'))).toEqual([]);
    expect(listed.filter((p) => p.endsWith('.js')).length).toBe(30 - 11);
  });
});
