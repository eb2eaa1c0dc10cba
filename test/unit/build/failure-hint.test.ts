import { describe, expect, it } from 'vitest';
import { copiesMissingFile, legacyStepExitCode } from '../../../src/engine/builder-words.js';
import { BuildFailedError } from '../../../src/errors.js';

const hint = (step: string, output: string[], detail: string, exitCode?: number) => new BuildFailedError('app', step, output, detail, exitCode).hint;
/** A failure as the engine's legacy builders hand it over: the exit code and the kind read from their words. */
const legacyHint = (step: string, output: string[], detail: string) =>
  new BuildFailedError('app', step, output, detail, legacyStepExitCode(detail), copiesMissingFile(step, detail) ? 'context-file-missing' : undefined).hint;

describe('the hint after a failed build step names the cause', () => {
  it('a command the image does not have (exit 127)', () => {
    expect(hint('[2/2] RUN no-such-tool --flag', ['/bin/sh: no-such-tool: not found'], 'the command exited with code 127', 127)).toMatch(
      /no-such-tool.*not in the image.*install it in an earlier step/,
    );
  });

  it('the legacy builder says the code in its own words', () => {
    expect(
      legacyHint('Step 2/2 : RUN no-such-tool', ['/bin/sh: no-such-tool: not found'], "The command '/bin/sh -c no-such-tool' returned a non-zero code: 127"),
    ).toMatch(/not in the image/);
  });

  it("Podman's builder (buildah) words the exit code and a missing file its own way", () => {
    expect(
      legacyHint(
        'STEP 2/2: RUN no-such-tool',
        ['/bin/sh: no-such-tool: not found'],
        'building at STEP "RUN no-such-tool": while running runtime: exit status 127',
      ),
    ).toMatch(/no-such-tool.*not in the image/);
    expect(legacyHint('STEP 2/2: RUN exit 3', [], 'building at STEP "RUN exit 3": while running runtime: exit status 3')).toMatch(/exited 3/);
    expect(
      legacyHint(
        'STEP 2/3: COPY dist/ /app',
        [],
        'building at STEP "COPY dist/ /app": checking on sources under "/ctx": copier: stat: "/dist": no such file or directory',
      ),
    ).toMatch(/build context/);
    expect(
      legacyHint(
        'Step 2/3 : COPY dist/ /app',
        [],
        'COPY failed: file not found in build context or excluded by .dockerignore: stat dist/: file does not exist',
      ),
    ).toMatch(/build context/);
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
    const detail = 'failed to compute cache key: "/dist" not found: not found';
    expect(copiesMissingFile('[3/4] COPY dist/ /app', detail)).toBe(true);
    expect(new BuildFailedError('app', '[3/4] COPY dist/ /app', [], detail, undefined, 'context-file-missing').hint).toMatch(/build context.*\.dockerignore/);
    expect(copiesMissingFile('[3/4] RUN cat dist/x', detail)).toBe(false);
  });

  it('the message gives the exit code once, in the words the builder used or in its own', () => {
    expect(new BuildFailedError('app', 'Step 2/2 : RUN false', [], "The command '/bin/sh -c false' returned a non-zero code: 1", 1).message).not.toMatch(
      /\(exit code 1\)/,
    );
    expect(new BuildFailedError('app', '[2/2] RUN false', [], 'process did not complete', 1).message).toMatch(/\(exit code 1\)$/);
  });

  it("any other failure of the step's own command points at its output", () => {
    expect(hint('[2/2] RUN make', ['no rule'], 'the command exited with code 2', 2)).toMatch(/exited 2.*output above/);
  });
});
