import type { Rule } from '../finding.js';
import { ignores, type DockerignoreTarget } from './target.js';

export const dockerignoreKeepsEnvExample: Rule<DockerignoreTarget> = {
  id: 'dockerignore/keeps-env-example',
  severity: 'warning',
  summary: '.env.example stays in the build context: it documents the variables and holds no secret.',
  check(target) {
    const lines = target.lines;
    if (!lines || !ignores(lines, '.env.example')) return [];
    // Point at the first line that, on its own, drops .env.example.
    const index = lines.findIndex((line) => line.trim() && !line.trim().startsWith('#') && ignores([line], '.env.example'));
    return [
      {
        at: { file: target.file, line: index + 1 || 1, column: 1 },
        message: '.env.example is excluded along with the real .env files',
        hint: 'add `!.env.example` after the `.env*` line',
      },
    ];
  },
};
