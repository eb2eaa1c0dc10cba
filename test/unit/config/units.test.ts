import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../../src/model/did-you-mean.js';
import { findCycles } from '../../../src/config/graph.js';
import { shellSplit } from '../../../src/config/shell-split.js';
import { parseBytes, parseDuration } from '../../../src/config/units.js';

describe('durations', () => {
  it.each([
    ['10s', 10_000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h2m3s4ms', 3_723_004],
    ['1500us', 2],
    ['0', 0],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10', '10 s', 's', '1d', '-1s', '1s ', 'ms10'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('memory sizes', () => {
  it.each([
    ['1024', 1024],
    ['100b', 100],
    ['1k', 1024],
    ['1kb', 1024],
    ['512m', 512 * 1024 ** 2],
    ['512M', 512 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['1.5GB', 1.5 * 1024 ** 3],
    ['2gib', 2 * 1024 ** 3],
  ])('%s is %i bytes', (text, bytes) => {
    expect(parseBytes(text)).toBe(bytes);
  });

  it.each(['', 'lots', '1x', '-1m', 'm'])('rejects %j', (text) => {
    expect(parseBytes(text)).toBeUndefined();
  });
});

describe('shell-like command splitting', () => {
  it.each([
    ['npm run dev', ['npm', 'run', 'dev']],
    ['  spaced   out  ', ['spaced', 'out']],
    ['sh -c "echo hello world"', ['sh', '-c', 'echo hello world']],
    ["sh -c 'echo $HOME'", ['sh', '-c', 'echo $HOME']],
    ['a"b c"d', ['ab cd']],
    ['echo ""', ['echo', '']],
    ['echo \\"x\\"', ['echo', '"x"']],
    ['a\\ b', ['a b']],
    ['"say \\"hi\\" \\n"', ['say "hi" \\n']],
    ['', []],
  ])('%s', (text, words) => {
    expect(shellSplit(text)).toEqual({ words });
  });

  it('reports unclosed quotes', () => {
    expect(shellSplit('echo "open')).toEqual({ error: 'the double quote is never closed' });
    expect(shellSplit("echo 'open")).toEqual({ error: 'the single quote is never closed' });
  });
});

describe('did-you-mean', () => {
  it.each([
    ['imgae', 'image'],
    ['enviroment', 'environment'],
    ['port', 'ports'],
    ['dependson', 'depends_on'],
    ['Image', 'image'],
  ])('suggests %s → %s', (word, expected) => {
    expect(closest(word, ['image', 'environment', 'ports', 'depends_on', 'volumes'])).toBe(expected);
  });

  it('stays quiet when nothing is close', () => {
    expect(closest('zzz', ['image', 'ports'])).toBeUndefined();
    expect(closest('x'.repeat(10_000), ['image'])).toBeUndefined();
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('imgae', 'image')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('dependency cycles', () => {
  const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

  it('finds none in a tree', () => {
    expect(findCycles(graph({ api: ['db', 'cache'], worker: ['db'], db: [], cache: [] }))).toEqual([]);
  });

  it('finds each cycle once, as the path around it', () => {
    expect(findCycles(graph({ a: ['b'], b: ['c'], c: ['a'], d: ['d'], e: ['f'], f: ['e'] }))).toEqual([
      ['a', 'b', 'c', 'a'],
      ['d', 'd'],
      ['e', 'f', 'e'],
    ]);
  });

  it('ignores edges to unknown services and walks long chains without recursion', () => {
    const chain = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`s${i}`, [`s${i + 1}`]]));
    expect(findCycles(graph({ ...chain, s19999: ['s0'] }))).toHaveLength(1);
    expect(findCycles(graph({ a: ['missing'] }))).toEqual([]);
  });
});
