import { describe, expect, it } from 'vitest';
import { dockerignoreRules } from '../../../src/lint/dockerignore/dockerignore-rules.js';
import type { DockerignoreTarget } from '../../../src/lint/dockerignore/target.js';

const GOOD = ['.git', '.env*', '!.env.example', 'node_modules', '*.log', 'dist'];

function hitsOf(ruleId: string, lines: string[] | undefined, contextEntries: string[] = []) {
  const target: DockerignoreTarget = { dockerfile: '/p/Dockerfile', file: '/p/.dockerignore', contextEntries, ...(lines ? { lines } : {}) };
  return dockerignoreRules.find((r) => r.id === ruleId)!.check(target);
}

describe('.dockerignore rules', () => {
  it('dockerignore/present trips without the file, on the Dockerfile, and not with it', () => {
    expect(hitsOf('dockerignore/present', undefined).map((h) => h.at)).toEqual([{ file: '/p/Dockerfile', line: 1, column: 1 }]);
    expect(hitsOf('dockerignore/present', GOOD)).toEqual([]);
  });

  it('dockerignore/excludes names each missing pattern, at the last line of the file', () => {
    const hits = hitsOf('dockerignore/excludes', ['# only this', '.git'], ['dist', 'src']);
    expect(hits.map((h) => h.message.split(' ')[0])).toEqual(['.env*', 'node_modules', '*.log', 'dist']);
    expect(hits.every((h) => h.at.file === '/p/.dockerignore' && h.at.line === 2 && h.at.column === 1)).toBe(true);
  });

  it('dockerignore/excludes points inside the file: a 6-line file ending in a newline is reported at line 6, not 8', () => {
    const sixLines = ['.git', '.devstack/', '.env', '.env.*', '!.env.example', 'node_modules/', ''];
    expect(hitsOf('dockerignore/excludes', sixLines).map((h) => h.at.line)).toEqual([6]);
  });

  it('dockerignore/excludes asks for build output only where the context has some', () => {
    expect(
      hitsOf(
        'dockerignore/excludes',
        GOOD.filter((l) => l !== 'dist'),
        ['src'],
      ),
    ).toEqual([]);
    expect(hitsOf('dockerignore/excludes', GOOD, ['dist'])).toEqual([]);
  });

  it('dockerignore/keeps-env-example points at the line that drops .env.example', () => {
    const hits = hitsOf('dockerignore/keeps-env-example', ['.git', '.env*', 'node_modules']);
    expect(hits.map((h) => [h.at.line, h.at.column])).toEqual([[2, 1]]);
    expect(hitsOf('dockerignore/keeps-env-example', GOOD)).toEqual([]);
  });
});
