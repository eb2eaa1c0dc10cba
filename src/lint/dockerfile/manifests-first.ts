import type { Rule } from '../finding.js';
import { positionOf, runText, type DockerfileTarget } from './target.js';

/** Commands that install dependencies from a manifest: they should run before the source arrives, so edits keep their layer cached. */
const INSTALL =
  /\b(npm (ci|install|i)|yarn( install)?( |$)|pnpm (install|i)|pip3? install -r|poetry install|uv sync|go mod download|bundle install|composer install|cargo fetch)\b/;
const WHOLE_CONTEXT = /^(\.|\.\/|\*)$/;

export const manifestsFirst: Rule<DockerfileTarget> = {
  id: 'dockerfile/manifests-first',
  severity: 'warning',
  summary: 'Dependency manifests are copied and installed before the rest of the source.',
  check(target) {
    return target.stages.flatMap((stage) => {
      const copyAll = stage.instructions.find((i) => {
        if (i.getKeyword() !== 'COPY') return false;
        const words = i.getArguments().map((a) => a.getValue());
        if (words.some((w) => w.startsWith('--from'))) return false;
        return words
          .filter((w) => !w.startsWith('--'))
          .slice(0, -1)
          .some((w) => WHOLE_CONTEXT.test(w));
      });
      if (!copyAll) return [];
      const install = stage.instructions.find((i) => i.getKeyword() === 'RUN' && i.isAfter(copyAll) && INSTALL.test(runText(i)));
      if (!install) return [];
      return [
        {
          at: positionOf(target.file, copyAll.getRange()),
          message: `the whole source is copied before \`${INSTALL.exec(runText(install))![0]}\` (line ${install.getRange().start.line + 1}), so any edit reinstalls every dependency`,
          hint: 'first COPY only the manifests (package.json and lockfile, go.mod/go.sum, requirements.txt), install, then COPY the rest',
        },
      ];
    });
  },
};
