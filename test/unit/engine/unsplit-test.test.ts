import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCreateOptions } from '../../../src/engine/create-options.js';
import { unsplitTest } from '../../../src/engine/health-timing.js';

/** The arguments sh gives a command when it runs the CMD-SHELL line. */
const shArgs = (line: string): string[] =>
  JSON.parse(
    execFileSync('sh', ['-c', `node -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- ${line.replace(/^\S+/, '')}`], { encoding: 'utf8' }),
  ) as string[];

describe("a CMD healthcheck on Podman's compat API, which splits its arguments at spaces", () => {
  it('goes as CMD-SHELL that sh runs with the very same arguments', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', ' ', "'", '"', '$', '\\', '(', ')', '|', '&', ';', '*', '\t', '=', '-'), minLength: 1 }), {
          minLength: 1,
          maxLength: 4,
        }),
        (args) => {
          const test = unsplitTest(['CMD', 'node', ...args]);
          if (args.some((arg) => /\s/.test(arg))) {
            expect(test[0]).toBe('CMD-SHELL');
            expect(shArgs(test[1]!)).toEqual(args);
          } else {
            expect(test).toEqual(['CMD', 'node', ...args]);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('only for Podman, and CMD-SHELL and NONE go as they are', () => {
    const spec = {
      name: 'x',
      image: 'i',
      env: {},
      labels: {},
      ports: [],
      mounts: [],
      network: 'n',
      aliases: [],
      healthcheck: { test: ['CMD', 'node', '-e', 'a b'] },
    };
    expect((toCreateOptions(spec as never, '1.41', true) as { Healthcheck: { Test: string[] } }).Healthcheck.Test).toEqual(['CMD-SHELL', "node -e 'a b'"]);
    expect((toCreateOptions(spec as never, '1.41') as { Healthcheck: { Test: string[] } }).Healthcheck.Test).toEqual(['CMD', 'node', '-e', 'a b']);
    expect(unsplitTest(['CMD-SHELL', 'curl -f x || exit 1'])).toEqual(['CMD-SHELL', 'curl -f x || exit 1']);
    expect(unsplitTest(['NONE'])).toEqual(['NONE']);
  });
});
