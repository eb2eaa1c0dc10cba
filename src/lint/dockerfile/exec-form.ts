import type { Rule } from '../finding.js';
import { positionOf, type DockerfileTarget } from './target.js';

export const execForm: Rule<DockerfileTarget> = {
  id: 'dockerfile/exec-form',
  severity: 'warning',
  summary: 'ENTRYPOINT and CMD use the exec (JSON) form, so the process is PID 1 and receives signals.',
  check(target) {
    return target.ast
      .getInstructions()
      .filter((i) => i.getKeyword() === 'ENTRYPOINT' || i.getKeyword() === 'CMD')
      .filter((i) => !(i.getArgumentsContent() ?? '[').trimStart().startsWith('['))
      .map((i) => ({
        at: positionOf(target.file, i.getRange()),
        message: `${i.getKeyword()} in shell form: /bin/sh -c becomes PID 1 and swallows SIGTERM, so stops wait for the kill timeout`,
        hint: `write it as JSON: ${i.getKeyword()} ${JSON.stringify((i.getArgumentsContent() ?? '').trim().split(/\s+/))}`,
      }));
  },
};
