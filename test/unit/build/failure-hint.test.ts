import { describe, expect, it } from 'vitest';
import { BuildFailedError } from '../../../src/errors.js';

const hint = (step: string, output: string[], detail: string, exitCode?: number) => new BuildFailedError('app', step, output, detail, exitCode).hint;

describe('the hint after a failed build step names the cause', () => {
  it('a command the image does not have (exit 127)', () => {
    expect(hint('[2/2] RUN no-such-tool --flag', ['/bin/sh: no-such-tool: not found'], 'the command exited with code 127', 127)).toMatch(
      /no-such-tool.*not in the image.*install it in an earlier step/,
    );
  });

  it('the legacy builder says the code in its own words', () => {
    expect(
      hint('Step 2/2 : RUN no-such-tool', ['/bin/sh: no-such-tool: not found'], "The command '/bin/sh -c no-such-tool' returned a non-zero code: 127"),
    ).toMatch(/not in the image/);
  });

  it('a step that could not reach the network does not blame the Dockerfile', () => {
    const text = hint(
      '[2/3] RUN apk add curl',
      ['WARNING: fetching https://dl-cdn.alpinelinux.org/: temporary error (try again later)', 'ERROR: unable to select packages:'],
      'the command exited with code 1',
      1,
    );
    expect(text).toMatch(/network/);
    expect(text).not.toMatch(/Fix the Dockerfile/);
  });

  it('a step killed for memory', () => {
    expect(hint('[3/4] RUN npm run build', ['Killed'], 'the command exited with code 137', 137)).toMatch(/memory/);
  });

  it('a file to copy that is not in the build context', () => {
    expect(hint('[3/4] COPY dist/ /app', [], 'failed to compute cache key: "/dist" not found: not found')).toMatch(/build context.*\.dockerignore/);
  });

  it("any other failure of the step's own command points at its output", () => {
    expect(hint('[2/2] RUN make', ['no rule'], 'the command exited with code 2', 2)).toMatch(/exited 2.*output above/);
  });
});
