import type { Rule } from '../finding.js';
import { finalBaseImage } from './base-image.js';
import { finalStage, positionOf, type DockerfileTarget } from './target.js';

/** Toolchain images: shipping one puts a compiler and its caches in the runtime image. */
const COMPILER_IMAGE = /(^|\/)(golang|rust|maven|gradle|gcc|swift|haskell|elixir|dotnet\/sdk|eclipse-temurin:[^ ]*jdk|openjdk)(:|@|$)/i;

export const multiStage: Rule<DockerfileTarget> = {
  id: 'dockerfile/multi-stage',
  severity: 'warning',
  summary: 'Compiled languages build in one stage and ship only the result from a slim final stage.',
  check(target) {
    const stage = finalStage(target);
    const image = finalBaseImage(target);
    if (!stage || !image || !COMPILER_IMAGE.test(image)) return [];
    return [
      {
        at: positionOf(target.file, stage.from.getRange()),
        message:
          target.stages.length === 1
            ? `single stage on the toolchain image ${image}: the compiler ships with the app`
            : `the final stage stands on the toolchain image ${image}: the compiler ships with the app`,
        hint: 'build in `FROM … AS build`, then `COPY --from=build` the binary into a slim or distroless final stage',
      },
    ];
  },
};
