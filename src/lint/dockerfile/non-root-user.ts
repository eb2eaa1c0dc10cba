import type { Rule } from '../finding.js';
import { finalStage, positionOf, type DockerfileTarget } from './target.js';

const ROOT = /^(root|0)(:.*)?$/;

export const nonRootUser: Rule<DockerfileTarget> = {
  id: 'dockerfile/non-root-user',
  severity: 'warning',
  summary: 'The final stage switches to a non-root USER.',
  check(target) {
    const stage = finalStage(target);
    if (!stage) return [];
    const user = stage.instructions.filter((i) => i.getKeyword() === 'USER').at(-1);
    if (!user) {
      return [
        {
          at: positionOf(target.file, stage.from.getRange()),
          message: 'the final stage runs as root: it has no USER',
          hint: 'add `USER <name or uid>` (e.g. `USER 10001`) after the last step that needs root',
        },
      ];
    }
    const who = (user.getArgumentsContent() ?? '').trim();
    if (!ROOT.test(who)) return [];
    return [
      { at: positionOf(target.file, user.getRange()), message: `the final stage runs as ${who}`, hint: 'switch to an unprivileged user, e.g. `USER 10001`' },
    ];
  },
};
