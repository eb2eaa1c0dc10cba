import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadStack } from '../../../src/config/index.js';
import { interpolate } from '../../../src/config/interpolate.js';
import { ConfigError } from '../../../src/errors.js';
import { PROFILES, project } from './helpers.js';

const ENV: Record<string, string> = { SET: 'v', EMPTY: '' };
const NAMES = ['SET', 'EMPTY', 'UNSET'];
const OPS = [':-', '-', ':?', '?', ':+', '+'] as const;

/** A template as a tree, so the test can say independently of the parser what Compose makes of it. */
type Piece = { text: string } | { name: string; braces: boolean } | { name: string; op: (typeof OPS)[number]; word: Piece[] };

const literal = fc.stringMatching(/^[a-z0-9 :/.-]{0,6}$/).map((text) => ({ text }));
const pieces: fc.Arbitrary<Piece[]> = fc.letrec<{ pieces: Piece[]; piece: Piece }>((tie) => ({
  piece: fc.oneof(
    { depthSize: 'small' },
    literal,
    fc.constant({ text: '$' }),
    fc.record({ name: fc.constantFrom(...NAMES), braces: fc.boolean() }),
    fc.record({ name: fc.constantFrom(...NAMES), op: fc.constantFrom(...OPS), word: tie('pieces') }),
  ),
  pieces: fc.array(tie('piece'), { maxLength: 4 }),
})).pieces;

/** Pieces as Compose syntax. A bare $NAME is followed by a space, so no literal can lengthen the name. */
function render(list: Piece[]): string {
  return list
    .map((piece) => {
      if ('text' in piece) return piece.text === '$' ? '$$' : piece.text;
      if ('braces' in piece) return piece.braces ? `\${${piece.name}}` : `$${piece.name} `;
      return `\${${piece.name}${piece.op}${render(stripBraces(piece.word))}}`;
    })
    .join('');
}

/** Compose's documented meaning of each form, written apart from src/config/interpolate.ts. */
function expected(list: Piece[]): { value: string; failed: boolean } {
  let failed = false;
  const value = list
    .map((piece) => {
      if ('text' in piece) return piece.text;
      const current = Object.hasOwn(ENV, piece.name) ? ENV[piece.name] : undefined;
      if (!('op' in piece)) {
        if (current === undefined) failed = true;
        return (current ?? '') + (piece.braces ? '' : ' ');
      }
      const word = () => {
        const inner = expected(stripBraces(piece.word));
        if (inner.failed) failed = true;
        return inner.value;
      };
      const nonEmpty = current !== undefined && current !== '';
      switch (piece.op) {
        case ':-':
          return nonEmpty ? current : word();
        case '-':
          return current ?? word();
        case ':?':
          if (!nonEmpty) failed = true;
          return current ?? '';
        case '?':
          if (current === undefined) failed = true;
          return current ?? '';
        case ':+':
          return nonEmpty ? word() : '';
        case '+':
          return current === undefined ? '' : word();
      }
    })
    .join('');
  return { value, failed };
}

function stripBraces(list: Piece[]): Piece[] {
  return list.map((piece) => ('text' in piece ? { text: piece.text.replaceAll('}', '') } : piece));
}

describe('interpolation (properties)', () => {
  it('gives every form the value Compose documents, and an error exactly when a variable is missing', () => {
    fc.assert(
      fc.property(pieces, (list) => {
        const result = interpolate(render(list), (name) => (Object.hasOwn(ENV, name) ? ENV[name] : undefined));
        const want = expected(list);
        if (!want.failed) expect(result).toEqual({ value: want.value, errors: [] });
        else expect(result.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on any text, and every error says what is wrong', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('$', '{', '}', ':', '-', '?', '+', 'A', '_', '1', ' '), maxLength: 40 }), fc.boolean(), (text, allowUnset) => {
        const result = interpolate(text, (name) => ENV[name], allowUnset);
        for (const error of result.errors) expect(error.message).not.toBe('');
      }),
      { numRuns: 3000 },
    );
  });
});

const SERVICE = ['a', 'b', 'c'];
const scalar = fc.oneof(fc.constantFrom('busybox', '80:80', './x:/x', 'data:/d', '${SET}', '${UNSET}', '${UNSET:-d}', '$$', 'debug', 'a', 'b', 'lib/base.yml', 'other.yaml', 'nothere.yaml'), fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null));
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom('service', 'file', 'path', 'condition', 'target'), scalar, { maxKeys: 2 }));
const service = fc.dictionary(fc.constantFrom('image', 'extends', 'profiles', 'ports', 'volumes', 'environment', 'depends_on', 'command', 'container_name', 'build'), value, { maxKeys: 5 });
const composeDoc = fc.record(
  {
    include: fc.oneof(fc.constant(['other.yaml']), fc.constant([{ path: 'lib/base.yml' }]), fc.array(scalar, { maxLength: 2 }), scalar),
    services: fc.dictionary(fc.constantFrom(...SERVICE), fc.oneof(service, scalar), { maxKeys: 3 }),
    volumes: fc.oneof(fc.constant({ data: null }), value),
  },
  { requiredKeys: [] },
);
/** A document, then a few Compose tags dropped in at random places: `!reset`, `!override`. */
const composeText = fc.tuple(composeDoc, fc.array(fc.tuple(fc.nat(), fc.constantFrom('!reset ', '!override ', ' !reset', '\n  x: !override [1]')), { maxLength: 2 })).map(([doc, edits]) => {
  let text = stringify(doc);
  for (const [at, insert] of edits) text = text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1));
  return text;
});

describe('the Compose loader (properties)', () => {
  it('loads or rejects with positions any project of files that include and extend one another', async () => {
    const root = await project({});
    let run = 0;
    await fc.assert(
      fc.asyncProperty(composeText, composeText, composeText, fc.constantFrom([], ['debug'], ['*']), async (main, other, base, profiles) => {
        const dir = join(root, String(run++));
        await mkdir(join(dir, 'lib'), { recursive: true });
        await writeFile(join(dir, 'compose.yaml'), main);
        await writeFile(join(dir, 'other.yaml'), other);
        await writeFile(join(dir, 'lib/base.yml'), base);
        try {
          await loadStack({ cwd: dir, env: { HOME: '/home/dev', SET: 'x' }, builtinProfilesDir: PROFILES, profiles: [...profiles], onWarning: () => {} });
        } catch (error) {
          if (!(error instanceof ConfigError) || error.problems.length === 0) throw error;
          for (const problem of error.problems) {
            expect(problem.file).not.toBe('');
            expect(Number.isInteger(problem.line) && problem.line >= 0 && Number.isInteger(problem.column)).toBe(true);
            expect(problem.message).not.toBe('');
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
