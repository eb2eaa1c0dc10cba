import type { Property } from 'dockerfile-ast';
import type { Hit, Rule } from '../finding.js';
import { legacyOnly, positionOf, type DockerfileTarget } from './target.js';

const SECRET_NAME = /(_KEY|_SECRET|_TOKEN|PASSWORD|PASSWD|_PASS)$|^(SECRET|TOKEN|API_KEY|PASSWORD)$/i;
/** Shapes of real credentials: cloud keys, GitHub/Slack/OpenAI tokens, PEM blocks. */
const SECRET_VALUE = /^(AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abpr]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{20,}|-----BEGIN [A-Z ]*PRIVATE KEY)/;

export const noSecrets: Rule<DockerfileTarget> = {
  id: 'dockerfile/no-secrets',
  severity: 'error',
  summary: 'No secrets in ENV or ARG: both are kept in the image and its history.',
  check(target) {
    const hits: Hit[] = [];
    for (const instruction of target.ast.getInstructions()) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'ENV' && keyword !== 'ARG') continue;
      for (const property of (instruction as unknown as { getProperties(): Property[] }).getProperties()) {
        const name = property.getName();
        const value = property.getValue() ?? '';
        const byName = SECRET_NAME.test(name);
        if (!byName && !SECRET_VALUE.test(value)) continue;
        hits.push({
          at: positionOf(target.file, byName ? property.getNameRange() : (property.getValueRange() ?? property.getNameRange())),
          message: byName ? `${keyword} ${name} looks like a secret` : `${keyword} ${name} has a value that looks like a credential`,
          hint: legacyOnly(target)
            ? 'pass it at run time (stack `environment:` from .env); build secrets need BuildKit, which this build turns off (builder: legacy)'
            : "pass it at run time (stack `environment:` from .env), or at build time with `RUN --mount=type=secret` and the build's `secrets:`",
        });
      }
    }
    return hits;
  },
};
