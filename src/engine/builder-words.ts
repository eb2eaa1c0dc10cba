/** What the engine's builders say in words where their API gives no field: read here, so that the rest of devstack gets a type. */

/** A step line of the engine's own (non-BuildKit) builder: Docker's `Step 2/5 : RUN …`, Podman's (buildah's) `STEP 2/5: RUN …`. */
export const LEGACY_STEP = /^Step \d+\/\d+ :|^STEP \d+\/\d+: /;

/**
 * The exit code of the failing step's command as the legacy builders only say it: Docker's
 * "returned a non-zero code: 127", Podman's buildah "while running runtime: exit status 127".
 */
export function legacyStepExitCode(detail: string): number | undefined {
  const said = /non-zero code: (\d+)|exit status (\d+)/.exec(detail);
  return said ? Number(said[1] ?? said[2]) : undefined;
}

/** Whether a failed COPY/ADD step (either builder's step line) failed because its source is not in the build context. */
export function copiesMissingFile(step: string | undefined, detail: string): boolean {
  return /^(\[[^\]]*\] |Step \d+\/\d+ : |STEP \d+\/\d+: )?(COPY|ADD)\b/i.test(step ?? '') && /not found|no such file or directory|does not exist/.test(detail);
}
