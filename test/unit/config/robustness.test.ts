import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadStack } from '../../../src/config/index.js';
import { ConfigError } from '../../../src/errors.js';
import { PROFILES, project } from './helpers.js';

/** The loader's contract: a StackSpec, or a ConfigError whose problems all have a file and a position. */
async function loadsOrExplains(dir: string, files: Record<string, string>): Promise<boolean> {
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  try {
    await loadStack({ cwd: dir, env: { HOME: '/home/dev', SET: 'x' }, builtinProfilesDir: PROFILES });
    return true;
  } catch (error) {
    if (!(error instanceof ConfigError) || error.problems.length === 0) throw error;
    for (const problem of error.problems) {
      if (typeof problem.file !== 'string' || problem.file === '' || !Number.isInteger(problem.line) || problem.line < 0 || !Number.isInteger(problem.column)) {
        throw new Error(`malformed problem ${JSON.stringify(problem)}`);
      }
    }
    return true;
  }
}

const SERVICE_KEYS = [
  'image',
  'build',
  'command',
  'ports',
  'environment',
  'env_file',
  'labels',
  'depends_on',
  'healthcheck',
  'restart',
  'mem_limit',
  'cpus',
  'volumes',
  'develop',
  'x-devstack',
  'imgae',
];
const INNER_KEYS = [
  'context',
  'args',
  'condition',
  'test',
  'interval',
  'retries',
  'disable',
  'target',
  'published',
  'host_ip',
  'type',
  'source',
  'read_only',
  'tmpfs',
  'size',
  'external',
  'name',
  'web',
  'db',
  '<<',
];
const scalar = fc.oneof(
  fc.constantFrom(
    '80',
    '8080:80',
    '127.0.0.1::80/udp',
    '1-3:4-6',
    'data:/d',
    './x:/y:ro',
    '/anon',
    '${SET}',
    '${UNSET}',
    '${A:-${B:-c}}',
    '$$',
    '${',
    '1m30s',
    '512m',
    'CMD',
    'redis',
    'web',
    'db',
    'service_healthy',
    'on-failure:3',
    'A=1',
    'sh -c "x',
    '',
  ),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 70_000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const { node } = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...INNER_KEYS), tie('node'), { maxKeys: 4 }),
  ),
}));
/** Shaped like a stack, so that most documents get past parsing into validation. */
const stackDoc = fc.record(
  {
    name: fc.oneof(fc.constantFrom('shop', 'Bad Name'), scalar),
    profiles: fc.oneof(fc.constant(['./extra.yml', 'redis']), fc.constant(['postgress']), node),
    services: fc.dictionary(
      fc.constantFrom('web', 'db', 'redis', 'postgres', '-bad'),
      fc.oneof(fc.dictionary(fc.constantFrom(...SERVICE_KEYS), node, { maxKeys: 6 }), node),
      { maxKeys: 3 },
    ),
    volumes: fc.oneof(fc.dictionary(fc.constantFrom('data', 'pgdata', 'x'), fc.oneof(fc.constant(null), node), { maxKeys: 2 }), node),
    networks: node,
    'x-a': node,
  },
  { requiredKeys: ['services'] },
);
/** YAML text with a few characters spliced in, to reach the parser's error paths too. */
const yamlish = fc
  .tuple(
    stackDoc,
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('\t', ':', '- ', '&a ', '*a', '[', '{', '"', '\n', '  ', '\0', '${')), { maxLength: 2, size: 'xsmall' }),
  )
  .map(([value, edits]) => {
    let text = stringify(value);
    for (const [at, insert] of edits) text = text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1));
    return text;
  });

describe('any input either loads or gives located problems', () => {
  it('random text (property)', async () => {
    const dir = await project({});
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 40 }), (yaml, dotenv) =>
        loadsOrExplains(dir, { 'devstack.yml': yaml, '.env': dotenv }),
      ),
      { numRuns: 150 },
    );
  });

  it('random YAML-ish documents (property)', async () => {
    const root = await project({});
    let run = 0;
    await fc.assert(
      fc.asyncProperty(yamlish, yamlish, async (main, extra) => {
        const dir = join(root, String(run++));
        await mkdir(dir);
        return loadsOrExplains(dir, { 'devstack.yml': main, 'extra.yml': extra });
      }),
      { numRuns: 250 },
    );
  });

  it.each([
    ['deep flow nesting', `a: ${'['.repeat(100_000)}`],
    ['deep block nesting', Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}- `).join('\n')],
    ['deep nesting the parser accepts', `a: ${'['.repeat(200)}${']'.repeat(200)}`],
    ['a long line', `name: ${'x'.repeat(1_000_000)}`],
    ['many aliases', `a: &a x\nb: [${Array(50_000).fill('*a').join(', ')}]`],
    ['nested interpolation', `name: "${'${A:-'.repeat(10_000)}"`],
    ['many dollar signs', `name: "${'$'.repeat(100_001)}"`],
    [
      'a long dependency chain',
      `services:\n${Array.from({ length: 3000 }, (_, i) => `  s${i}: {image: x, depends_on: [s${i + 1}]}`).join('\n')}\n  s3000: {image: x, depends_on: [s0]}`,
    ],
    ['a merge key on a scalar', 'services:\n  a:\n    <<: 5\n'],
    ['a complex key', '? [a]\n: 1\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
  ])('%s', async (_name, yaml) => {
    const dir = await project({});
    const started = Date.now();
    expect(await loadsOrExplains(dir, { 'devstack.yml': yaml })).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
