import type { Hit, Rule } from '../finding.js';
import { legacyOnly, positionOf, type DockerfileTarget } from './target.js';

/** `RUN --mount=...` (cache, secret, ssh, bind) and `# syntax=`: what only BuildKit builds. */
export const needsBuildkit: Rule<DockerfileTarget> = {
  id: 'dockerfile/needs-buildkit',
  severity: 'error',
  summary: 'BuildKit features (RUN --mount, # syntax=) are not used where the build forces the legacy builder.',
  check(target) {
    if (!legacyOnly(target)) return [];
    const hint = 'remove `x-devstack: {builder: legacy}` from the build (devstack builds through BuildKit by default), or drop the feature';
    const hits: Hit[] = [];
    for (const directive of target.ast.getDirectives()) {
      if (directive.getName()?.toLowerCase() === 'syntax')
        hits.push({ at: positionOf(target.file, directive.getRange()), message: '# syntax= needs BuildKit; the legacy builder ignores it', hint });
    }
    for (const run of target.ast.getInstructions().filter((i) => i.getKeyword() === 'RUN')) {
      const mount = /--mount=(?:\S*?type=(\w+))?/.exec(run.getTextContent());
      if (mount)
        hits.push({
          at: positionOf(target.file, run.getRange()),
          message: `RUN --mount${mount[1] ? `=type=${mount[1]}` : ''} needs BuildKit; the legacy builder fails on it`,
          hint,
        });
    }
    return hits;
  },
};
