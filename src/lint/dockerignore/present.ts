import type { Rule } from '../finding.js';
import type { DockerignoreTarget } from './target.js';

export const dockerignorePresent: Rule<DockerignoreTarget> = {
  id: 'dockerignore/present',
  severity: 'warning',
  summary: 'A build context has a .dockerignore.',
  check(target) {
    if (target.lines) return [];
    return [
      {
        at: { file: target.dockerfile, line: 1, column: 1 },
        message: `no .dockerignore beside the build context: .git, .env and node_modules are sent to the engine and can end up in the image`,
        hint: `create .dockerignore in the build context listing .git, .env*, !.env.example, node_modules, *.log and the build output`,
      },
    ];
  },
};
