import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Every TypeScript file above the engine seam: commands/ and src/ without src/engine (and the error classes themselves). */
const above = [...sources('commands'), ...sources('src')].filter((file) => !file.startsWith('src/engine/') && file !== 'src/errors.ts');

function offending(pattern: RegExp): string[] {
  return above.flatMap((file) =>
    readFileSync(join(root, file), 'utf8')
      .split('\n')
      .flatMap((line, index) => (pattern.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
  );
}

describe('the engine seam', () => {
  it('only src/engine imports dockerode', () => {
    expect(offending(/from 'dockerode'|import\('dockerode'\)/)).toEqual([]);
  });

  it('nothing above src/engine reads an engine answer by its HTTP status: the engine throws a typed error instead', () => {
    expect(offending(/\b(?:error|err|e|cause|reason)\??\.statusCode\b/)).toEqual([]);
  });

  it('nothing above src/engine reads an error by its words', () => {
    const errorMessage = String.raw`\b(?:error|err|e|cause|reason)\??\.message\b`;
    const read = new RegExp(`${errorMessage}\\s*\\.\\s*(?:includes|match|startsWith|endsWith|search)\\(|\\.(?:test|exec)\\([^)]*${errorMessage}`);
    expect(offending(read)).toEqual([]);
  });

  it("nothing above src/engine matches the engine's or the runtime's words in what it gives back (an exec's output included): the engine gives a type", () => {
    const words = [
      'executable file not found',
      'no such file or directory',
      'OCI runtime',
      'port is already allocated',
      'address already in use',
      'manifest unknown',
      'pull access denied',
      'No such (?:container|image|network|volume)',
      'dial tcp',
      'connection refused',
    ].join('|');
    // A regex literal or a RegExp built from a string with one of those phrases in it, outside a comment.
    expect(offending(new RegExp(String.raw`^(?!\s*(?://|/?\*)).*(?:/(?:\\.|[^/\n])*|new RegExp\(.*)(?:${words})`, 'i'))).toEqual([]);
  });
});
