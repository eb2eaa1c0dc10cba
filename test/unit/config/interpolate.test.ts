import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpolate } from '../../../src/config/interpolate.js';

const env: Record<string, string> = { SET: 'value', EMPTY: '', OTHER: 'other' };
const lookup = (name: string) => env[name];
const run = (text: string) => interpolate(text, lookup);

describe('interpolation', () => {
  it.each([
    ['no variables', 'plain text', 'plain text'],
    ['$VAR', '$SET', 'value'],
    ['$VAR inside text', 'a-$SET/b', 'a-value/b'],
    ['${VAR}', '${SET}', 'value'],
    ['${VAR} glued to text', 'x${SET}y', 'xvaluey'],
    ['${VAR} set but empty', '[${EMPTY}]', '[]'],
    [':- when unset', '${UNSET:-fallback}', 'fallback'],
    [':- when empty', '${EMPTY:-fallback}', 'fallback'],
    [':- when set', '${SET:-fallback}', 'value'],
    ['- when unset', '${UNSET-fallback}', 'fallback'],
    ['- when empty keeps the empty value', '[${EMPTY-fallback}]', '[]'],
    ['- when set', '${SET-fallback}', 'value'],
    [':- with an empty default', '[${UNSET:-}]', '[]'],
    ['a default with colons and slashes', '${UNSET:-http://db:5432/app}', 'http://db:5432/app'],
    [':? when set', '${SET:?needed}', 'value'],
    ['? when empty', '[${EMPTY?needed}]', '[]'],
    [':+ when set', '${SET:+alt}', 'alt'],
    [':+ when empty', '[${EMPTY:+alt}]', '[]'],
    [':+ when unset', '[${UNSET:+alt}]', '[]'],
    ['+ when empty', '${EMPTY+alt}', 'alt'],
    ['+ when unset', '[${UNSET+alt}]', '[]'],
    ['nested defaults', '${UNSET:-${ALSO_UNSET:-x}}', 'x'],
    ['a variable in a default', '${UNSET:-${OTHER}}', 'other'],
    ['a $VAR in a default', '${UNSET:-pre-$OTHER}', 'pre-other'],
    ['an unused default is not evaluated', '${SET:-${UNSET}}', 'value'],
    ['$$ is a literal $', 'cost: $$5', 'cost: $5'],
    ['$$ before a brace stays literal', '$${SET}', '${SET}'],
    ['$$ inside a default', '${UNSET:-$$HOME}', '$HOME'],
    ['a closing brace outside a substitution', 'a}b', 'a}b'],
    ['several substitutions', '$SET-${OTHER}-${UNSET:-z}', 'value-other-z'],
  ])('%s: %s → %s', (_name, text, expected) => {
    expect(run(text)).toEqual({ value: expected, errors: [] });
  });

  it('reports an unset variable with no default, with the fix in the hint', () => {
    for (const text of ['${UNSET}', '$UNSET', 'x-${UNSET}-y']) {
      expect(run(text).errors).toEqual([{ message: 'variable UNSET is not set', hint: 'set UNSET in the environment or .env, or write ${UNSET:-default}' }]);
    }
  });

  it('fails on a missing required variable even in a default that is not used, as Compose v2 does', () => {
    for (const text of ['${SET:-${UNSET:?}}', '${SET-${UNSET?}}', '${UNSET:+${UNSET:?}}', '${SET:?${UNSET:?}}', '${SET:-${UNSET:-${EMPTY:?}}}']) {
      expect(run(text).errors.length, text).toBeGreaterThan(0);
    }
    // A plain unset variable there is not an error: Compose only warns about it.
    expect(run('${SET:-${UNSET}}')).toEqual({ value: 'value', errors: [] });
  });

  it('reports every unset variable of a value', () => {
    expect(run('${A}:${B}').errors.map((error) => error.message)).toEqual(['variable A is not set', 'variable B is not set']);
  });

  it.each([
    ['${EMPTY:?EMPTY must not be empty}', 'EMPTY', 'EMPTY must not be empty'],
    ['${UNSET:?please set UNSET}', 'UNSET', 'please set UNSET'],
    ['${UNSET?gone}', 'UNSET', 'gone'],
    ['${UNSET:?}', 'UNSET', 'required variable UNSET is missing a value'],
    ['${UNSET:?need ${OTHER}}', 'UNSET', 'need other'],
  ])('%s fails for %s with the message the user wrote: %s', (text, name, message) => {
    expect(run(text).errors).toEqual([{ message, hint: `set ${name} in the environment or .env` }]);
  });

  it.each([
    ['${', 'invalid variable name in "${"'],
    ['${}', 'invalid variable name in "${}"'],
    ['${VAR', '"${VAR" is missing its closing "}"'],
    ['${1x}', 'invalid variable name in "${1x}"'],
    ['${VAR!}', 'unexpected "!" after the name in "${VAR!}"'],
    ['${UNSET:-${B}', '"${UNSET:-${B}" is missing its closing "}"'],
    ['echo $1', '"$" must be followed by a variable name, "{" or another "$" in "$1"'],
    ['costs 5$', '"$" must be followed by a variable name, "{" or another "$" in "$"'],
    ['${UNSET:-${SET}, typo in unused ${1}}', 'invalid variable name in "${1}"'],
  ])('malformed %s is a problem: %s', (text, message) => {
    expect(run(text).errors).toEqual([{ message, hint: 'write $$ for a literal $, and ${NAME} or ${NAME:-default} for a variable' }]);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const deep = `${'${A:-'.repeat(5000)}x${'}'.repeat(5000)}`;
    expect(run(deep).errors[0]?.message).toBe('interpolation nested more than 16 levels deep');
  });

  it('leaves strings without $ unchanged (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }).filter((text) => !text.includes('$')),
        (text) => run(text).value === text && run(text).errors.length === 0,
      ),
    );
  });

  it('round-trips any string whose $ are written as $$ (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('$', '{', '}', ':', '-', '?', '+', 'A', '_', '1', ' '), maxLength: 60 }),
        fc.string({ maxLength: 60 }),
        (a, b) => {
          for (const text of [a, b]) {
            const result = run(text.split('$').join('$$'));
            if (result.value !== text || result.errors.length > 0) return false;
          }
          return true;
        },
      ),
    );
  });
});
