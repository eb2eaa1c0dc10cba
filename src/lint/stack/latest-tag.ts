import type { Rule } from '../finding.js';
import { services, type StackTarget } from './target.js';

/** The tag is what follows the last `:` after the last `/` (a registry port is not a tag). */
function tagOf(image: string): string | undefined {
  const name = image.split('@')[0]!;
  const last = name.slice(name.lastIndexOf('/') + 1);
  return last.includes(':') ? last.slice(last.indexOf(':') + 1) : undefined;
}

export const noLatest: Rule<StackTarget> = {
  id: 'stack/no-latest',
  severity: 'warning',
  summary: 'Pulled images name a version: `latest` or no tag changes under you.',
  check(target) {
    return (
      services(target)
        // With build:, image: names what we build, not what we pull.
        .filter((s) => s.image && !s.build && !s.image.includes('@') && (tagOf(s.image) ?? 'latest') === 'latest')
        .map((s) => ({
          at: target.locate(['services', s.name, 'image']),
          message: `service ${s.name} uses ${s.image}, which is whatever was pushed last`,
          hint: `pin a version: ${s.image!.replace(/:latest$/, '')}:<version>`,
        }))
    );
  },
};
