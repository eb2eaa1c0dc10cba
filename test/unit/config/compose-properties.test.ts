import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadStack } from '../../../src/config/index.js';
import { interpolate } from '../../../src/config/interpolate.js';
import { ConfigError } from '../../../src/errors.js';
import { ENV, expected, pieces, render } from '../support/templates.js';
import { PROFILES, project } from './helpers.js';

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
      fc.property(
        fc.string({ unit: fc.constantFrom('$', '{', '}', ':', '-', '?', '+', 'A', '_', '1', ' '), maxLength: 40 }),
        fc.boolean(),
        (text, allowUnset) => {
          const result = interpolate(text, (name) => ENV[name], allowUnset);
          for (const error of result.errors) expect(error.message).not.toBe('');
        },
      ),
      { numRuns: 3000 },
    );
  });
});

const SERVICE = ['a', 'b', 'c'];
const scalar = fc.oneof(
  fc.constantFrom(
    'busybox',
    '80:80',
    './x:/x',
    'data:/d',
    '${SET}',
    '${UNSET}',
    '${UNSET:-d}',
    '$$',
    'debug',
    'a',
    'b',
    'lib/base.yml',
    'other.yaml',
    'nothere.yaml',
  ),
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.constant(null),
);
const value = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('service', 'file', 'path', 'condition', 'target'), scalar, { maxKeys: 2 }),
);
const service = fc.dictionary(
  fc.constantFrom('image', 'extends', 'profiles', 'ports', 'volumes', 'environment', 'depends_on', 'command', 'container_name', 'build'),
  value,
  { maxKeys: 5 },
);
const composeDoc = fc.record(
  {
    include: fc.oneof(fc.constant(['other.yaml']), fc.constant([{ path: 'lib/base.yml' }]), fc.array(scalar, { maxLength: 2 }), scalar),
    services: fc.dictionary(fc.constantFrom(...SERVICE), fc.oneof(service, scalar), { maxKeys: 3 }),
    volumes: fc.oneof(fc.constant({ data: null }), value),
  },
  { requiredKeys: [] },
);
/** A document, then a few Compose tags dropped in at random places: `!reset`, `!override`. */
const composeText = fc
  .tuple(composeDoc, fc.array(fc.tuple(fc.nat(), fc.constantFrom('!reset ', '!override ', ' !reset', '\n  x: !override [1]')), { maxLength: 2 }))
  .map(([doc, edits]) => {
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
          await loadStack({
            cwd: dir,
            env: { HOME: '/home/dev', SET: 'x' },
            builtinProfilesDir: PROFILES,
            serviceProfiles: [...profiles],
            onWarning: () => {},
          });
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
