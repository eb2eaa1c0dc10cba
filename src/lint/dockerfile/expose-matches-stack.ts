import type { Hit, Rule } from '../finding.js';
import { finalStage, positionOf, type DockerfileTarget } from './target.js';

export const exposeMatchesStack: Rule<DockerfileTarget> = {
  id: 'dockerfile/expose-matches-stack',
  severity: 'warning',
  summary: 'EXPOSE lists the container ports the stack publishes for the services built from the file.',
  check(target) {
    const stage = finalStage(target);
    const published = new Set(target.services.flatMap((s) => s.ports.map((p) => p.containerPort)));
    if (!stage || published.size === 0) return [];
    const exposes = stage.instructions.filter((i) => i.getKeyword() === 'EXPOSE');
    const exposed = new Set(exposes.flatMap((e) => e.getArguments().map((a) => Number.parseInt(a.getValue(), 10))));
    const hits: Hit[] = [];
    for (const expose of exposes) {
      for (const argument of expose.getArguments()) {
        const port = Number.parseInt(argument.getValue(), 10);
        if (Number.isInteger(port) && !published.has(port)) {
          hits.push({
            at: positionOf(target.file, argument.getRange()),
            message: `EXPOSE ${port}, but the stack publishes ${[...published].join(', ')}`,
            hint: 'make EXPOSE and the stack `ports:` name the same container port',
          });
        }
      }
    }
    const missing = [...published].filter((port) => !exposed.has(port));
    if (missing.length) {
      hits.push({
        at: positionOf(target.file, (exposes.at(-1) ?? stage.from).getRange()),
        message: `the stack publishes container port ${missing.join(', ')}, which the image does not EXPOSE`,
        hint: `add \`EXPOSE ${missing.join(' ')}\` to the final stage`,
      });
    }
    return hits;
  },
};
