import type { Rule } from '../finding.js';
import { declaresHealthcheck, finalStage, positionOf, type DockerfileTarget } from './target.js';

export const healthcheck: Rule<DockerfileTarget> = {
  id: 'dockerfile/healthcheck',
  severity: 'warning',
  summary: 'The image has a HEALTHCHECK, unless every stack service built from it declares one.',
  check(target) {
    const stage = finalStage(target);
    if (!stage || declaresHealthcheck(target)) return [];
    if (target.services.length > 0 && target.services.every((s) => s.healthcheck)) return [];
    return [
      {
        at: positionOf(target.file, stage.from.getRange()),
        message: 'no HEALTHCHECK in the final stage, and no healthcheck for it in the stack',
        hint: 'add `HEALTHCHECK CMD ["/app", "health"]` here, or `healthcheck:` to the service in the stack file',
      },
    ];
  },
};
