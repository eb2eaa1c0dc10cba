import type { Rule } from '../finding.js';
import { positionOf, runText, type DockerfileTarget } from './target.js';

interface CacheHabit {
  installs: RegExp;
  cleans: RegExp;
  hint: string;
  /** An ENV that turns the cache off for the whole image. */
  envOptOut?: RegExp;
}

/** A cache deleted in a later RUN still weighs in the layer that wrote it, so the clean-up must share the layer. */
const HABITS: CacheHabit[] = [
  { installs: /\bapt(-get)? +(-\S+ +)*install\b/, cleans: /rm +-r?f?r?f? +\/var\/lib\/apt\/lists/, hint: 'end the same RUN with `&& rm -rf /var/lib/apt/lists/*`' },
  { installs: /\bapk +(-\S+ +)*add\b/, cleans: /--no-cache\b|rm +-r?f?r?f? +\/var\/cache\/apk/, hint: 'use `apk add --no-cache`' },
  { installs: /\bpip3? +(-\S+ +)*install\b/, cleans: /--no-cache-dir\b|PIP_NO_CACHE_DIR/, hint: 'use `pip install --no-cache-dir`', envOptOut: /\bPIP_NO_CACHE_DIR\b/ },
];

export const packageCache: Rule<DockerfileTarget> = {
  id: 'dockerfile/package-cache',
  severity: 'warning',
  summary: 'Package-manager caches are removed in the layer that creates them.',
  check(target) {
    const envs = target.ast.getENVs().map((env) => env.getArgumentsContent() ?? '').join('\n');
    return target.ast
      .getInstructions()
      .filter((i) => i.getKeyword() === 'RUN')
      .flatMap((run) => {
        const text = runText(run);
        // A BuildKit cache mount keeps the cache out of the image by construction.
        if (/--mount=\S*type=cache/.test(run.getTextContent())) return [];
        return HABITS.filter((h) => h.installs.test(text) && !h.cleans.test(text) && !h.envOptOut?.test(envs)).map((h) => ({
          at: positionOf(target.file, run.getRange()),
          message: 'package-manager cache left in the image layer',
          hint: h.hint,
        }));
      });
  },
};
