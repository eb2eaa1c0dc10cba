import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildsWithBuildKit } from './engine-under-test.js';
import { devstack } from './helpers.js';

function buildProject(dockerfile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'devstack-runfail-'));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  writeFileSync(join(dir, 'devstack.yml'), 'services:\n  app:\n    build: .\n');
  return dir;
}

describe('a failed RUN in a build', () => {
  it("says the engine's message, then a hint of the real cause: a tool the image lacks", async () => {
    const { code, stderr } = await devstack(['build'], buildProject('FROM busybox:latest\nRUN no-such-tool --flag\n'));
    expect(code).toBe(1);
    // The engine's own words: BuildKit's exit code, or buildah's "exit status" on Podman.
    expect(stderr).toContain(
      buildsWithBuildKit() ? 'RUN no-such-tool --flag: the command exited with code 127' : 'RUN no-such-tool --flag": while running runtime: exit status 127',
    );
    expect(stderr).toMatch(/hint: `no-such-tool` is not in the image at this step/);
  });

  it("a step that fails by itself: the hint points at the step's output", async () => {
    const { code, stderr } = await devstack(['build'], buildProject('FROM busybox:latest\nRUN echo compiling && exit 3\n'));
    expect(code).toBe(1);
    expect(stderr).toContain('| compiling');
    expect(stderr).toMatch(/hint: The step's command exited 3: its last output above says why/);
  });
});
