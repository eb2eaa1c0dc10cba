import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../src/build/pack-context.js';

async function entries(dir: string, dockerfile = 'Dockerfile'): Promise<Record<string, { type: string; uid: number; body: string }>> {
  const extract = tar.extract();
  buildContext(dir, dockerfile).pipe(extract as unknown as NodeJS.WritableStream);
  const found: Record<string, { type: string; uid: number; body: string }> = {};
  for await (const entry of extract) {
    let body = '';
    for await (const chunk of entry) body += (chunk as Buffer).toString();
    found[entry.header.name] = { type: entry.header.type, uid: entry.header.uid, body };
  }
  return found;
}

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'devstack-context-'));
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  return dir;
}

describe('buildContext', () => {
  it('sends what .dockerignore keeps, always the Dockerfile and .dockerignore, owned by root', async () => {
    const dir = tree({
      Dockerfile: 'FROM x',
      '.dockerignore': 'Dockerfile\nnode_modules\n**/*.log\n',
      'src/a.ts': 'a',
      'src/b.log': 'b',
      'node_modules/m/i.js': 'm',
    });
    symlinkSync('src/a.ts', join(dir, 'link'));
    const found = await entries(dir);
    expect(Object.keys(found).sort()).toEqual(['.dockerignore', 'Dockerfile', 'link', 'src', 'src/a.ts']);
    expect(found['src/a.ts']).toEqual({ type: 'file', uid: 0, body: 'a' });
    expect(found.link!.type).toBe('symlink');
  });

  it('looks inside an ignored folder when a ! exception may keep something there', async () => {
    const dir = tree({ Dockerfile: 'FROM x', '.dockerignore': 'vendor\n!vendor/keep.txt\n', 'vendor/keep.txt': 'k', 'vendor/drop.txt': 'd' });
    const found = await entries(dir);
    expect(Object.keys(found).sort()).toEqual(['.dockerignore', 'Dockerfile', 'vendor/keep.txt']);
  });

  it('keeps a Dockerfile at another path', async () => {
    const dir = tree({ 'docker/dev.Dockerfile': 'FROM x', '.dockerignore': 'docker\n' });
    expect(Object.keys(await entries(dir, 'docker/dev.Dockerfile'))).toContain('docker/dev.Dockerfile');
  });
});
