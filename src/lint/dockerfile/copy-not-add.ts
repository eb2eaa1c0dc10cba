import type { Rule } from '../finding.js';
import { positionOf, type DockerfileTarget } from './target.js';

/** ADD is the right tool for URLs and for local archives it should unpack; for anything else COPY says what happens. */
const ADD_WORTHY = /^(https?:\/\/|git@)|\.(tar|tar\.gz|tgz|tar\.bz2|tar\.xz|txz)$/i;

export const copyNotAdd: Rule<DockerfileTarget> = {
  id: 'dockerfile/copy-not-add',
  severity: 'warning',
  summary: 'Local files are copied with COPY, not ADD.',
  check(target) {
    return target.ast
      .getInstructions()
      .filter((i) => i.getKeyword() === 'ADD')
      .flatMap((add) => {
        const sources = add
          .getArguments()
          .map((a) => a.getValue())
          .filter((v) => !v.startsWith('--'))
          .slice(0, -1);
        if (sources.length === 0 || sources.every((s) => ADD_WORTHY.test(s))) return [];
        return [
          {
            at: positionOf(target.file, add.getRange()),
            message: `ADD of local files (${sources.join(' ')})`,
            hint: 'use COPY: ADD also fetches URLs and unpacks archives, which surprises readers',
          },
        ];
      });
  },
};
