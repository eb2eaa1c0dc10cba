import type { Rule } from '../finding.js';
import { legacyOnly, positionOf, runText, type DockerfileTarget } from './target.js';

interface CacheHabit {
  installs: RegExp;
  cleans: RegExp;
  hint: string;
  /** Where BuildKit builds (devstack's default), the cache can live in a cache mount instead. */
  mount: string;
  /** An ENV that turns the cache off for the whole image. */
  envOptOut?: RegExp;
}

/** A cache deleted in a later RUN still weighs in the layer that wrote it, so the clean-up must share the layer. */
const HABITS: CacheHabit[] = [
  {
    installs: /\bapt(-get)? +(-\S+ +)*install\b/,
    cleans: /rm +-r?f?r?f? +\/var\/lib\/apt\/lists/,
    hint: 'end the same RUN with `&& rm -rf /var/lib/apt/lists/*`',
    mount: '--mount=type=cache,target=/var/cache/apt',
  },
  {
    installs: /\bapk +(-\S+ +)*add\b/,
    cleans: /--no-cache\b|rm +-r?f?r?f? +\/var\/cache\/apk/,
    hint: 'use `apk add --no-cache`',
    mount: '--mount=type=cache,target=/var/cache/apk',
  },
  {
    installs: /\bpip3? +(-\S+ +)*install\b/,
    cleans: /--no-cache-dir\b|PIP_NO_CACHE_DIR/,
    hint: 'use `pip install --no-cache-dir`',
    mount: '--mount=type=cache,target=/root/.cache/pip',
    envOptOut: /\bPIP_NO_CACHE_DIR\b/,
  },
];

export const packageCache: Rule<DockerfileTarget> = {
  id: 'dockerfile/package-cache',
  severity: 'warning',
  summary: 'Package-manager caches are removed in the layer that creates them.',
  check(target) {
    const envs = target.ast
      .getENVs()
      .map((env) => env.getArgumentsContent() ?? '')
      .join('\n');
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
          // The legacy builder (forced by the build) has no cache mounts: only the clean-up is offered there.
          hint: legacyOnly(target) ? h.hint : `${h.hint}, or keep the cache out of the image with \`RUN ${h.mount}\``,
        }));
      });
  },
};
