import type { Rule } from '../finding.js';
import { positionOf, type DockerfileTarget } from './target.js';

/** Toolchain images: shipping one puts a compiler and its caches in the runtime image. */
const COMPILER_IMAGE = /(^|\/)(golang|rust|maven|gradle|gcc|swift|haskell|elixir|dotnet\/sdk|eclipse-temurin:[^ ]*jdk|openjdk)(:|$)/i;

export const multiStage: Rule<DockerfileTarget> = {
  id: 'dockerfile/multi-stage',
  severity: 'warning',
  summary: 'Compiled languages build in one stage and ship only the result from a slim final stage.',
  check(target) {
    if (target.stages.length !== 1) return [];
    const from = target.stages[0]!.from;
    const image = from.getArgumentsContent() ?? '';
    if (!COMPILER_IMAGE.test(image.split(/\s+/)[0] ?? '')) return [];
    return [
      {
        at: positionOf(target.file, from.getRange()),
        message: `single stage on the toolchain image ${image.split(/\s+/)[0]}: the compiler ships with the app`,
        hint: 'build in `FROM … AS build`, then `COPY --from=build` the binary into a slim or distroless final stage',
      },
    ];
  },
};
