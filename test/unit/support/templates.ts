import fc from 'fast-check';

/**
 * Random Compose interpolation templates as trees, with what Compose documents each one to mean, so tests can
 * check src/config/interpolate.ts (unit) and docker compose itself (integration) against the same oracle.
 */
export const ENV: Record<string, string> = { SET: 'v', EMPTY: '' };
export const NAMES = ['SET', 'EMPTY', 'UNSET'];
export const OPS = [':-', '-', ':?', '?', ':+', '+'] as const;

/** A template as a tree, so the test can say independently of the parser what Compose makes of it. */
export type Piece = { text: string } | { name: string; braces: boolean } | { name: string; op: (typeof OPS)[number]; word: Piece[] };

const literal = fc.stringMatching(/^[a-z0-9 :/.-]{0,6}$/).map((text) => ({ text }));
export const pieces = templates(OPS);

/** Templates using only `ops`: Compose stops at a failing `:?`, so a batch run against it leaves those out. */
export function templates(ops: ReadonlyArray<(typeof OPS)[number]>): fc.Arbitrary<Piece[]> {
  return fc.letrec<{ pieces: Piece[]; piece: Piece }>((tie) => ({
    piece: fc.oneof(
      { depthSize: 'small' },
      literal,
      fc.constant({ text: '$' }),
      fc.record({ name: fc.constantFrom(...NAMES), braces: fc.boolean() }),
      fc.record({ name: fc.constantFrom(...NAMES), op: fc.constantFrom(...ops), word: tie('pieces') }),
    ),
    pieces: fc.array(tie('piece'), { maxLength: 4 }),
  })).pieces;
}

/** Pieces as Compose syntax. A bare $NAME is followed by a space, so no literal can lengthen the name. */
export function render(list: Piece[]): string {
  return list
    .map((piece) => {
      if ('text' in piece) return piece.text === '$' ? '$$' : piece.text;
      if ('braces' in piece) return piece.braces ? `\${${piece.name}}` : `$${piece.name} `;
      return `\${${piece.name}${piece.op}${render(stripBraces(piece.word))}}`;
    })
    .join('');
}

/**
 * Compose's meaning of each form, written apart from src/config/interpolate.ts. As Compose v2 does, a word
 * that is not used is still checked: a required variable missing in it fails the whole value.
 */
export function expected(list: Piece[]): { value: string; failed: boolean } {
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
      const unused = (result: string) => {
        if (requiredFails(piece.word)) failed = true;
        return result;
      };
      const nonEmpty = current !== undefined && current !== '';
      switch (piece.op) {
        case ':-':
          return nonEmpty ? unused(current) : word();
        case '-':
          return current !== undefined ? unused(current) : word();
        case ':?':
          if (!nonEmpty) failed = true;
          return unused(current ?? '');
        case '?':
          if (current === undefined) failed = true;
          return unused(current ?? '');
        case ':+':
          return nonEmpty ? word() : unused('');
        case '+':
          return current === undefined ? unused('') : word();
      }
    })
    .join('');
  return { value, failed };
}

/** Whether a required variable anywhere in the pieces, used or not, is missing. */
function requiredFails(list: Piece[]): boolean {
  return list.some((piece) => {
    if (!('op' in piece)) return false;
    const current = Object.hasOwn(ENV, piece.name) ? ENV[piece.name] : undefined;
    const missing = piece.op === ':?' ? current === undefined || current === '' : piece.op === '?' ? current === undefined : false;
    return missing || requiredFails(piece.word);
  });
}

function stripBraces(list: Piece[]): Piece[] {
  return list.map((piece) => ('text' in piece ? { text: piece.text.replaceAll('}', '') } : piece));
}
