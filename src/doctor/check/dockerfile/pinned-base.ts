import type { Rule } from '../finding.js';
import { externalBases } from './base-image.js';
import { positionOf, type DockerfileTarget } from './target.js';

export const pinnedBase: Rule<DockerfileTarget> = {
  id: 'dockerfile/pinned-base',
  severity: 'warning',
  summary: 'Base images name a version tag (a digest is better), never `latest` or nothing.',
  check(target) {
    return externalBases(target).flatMap((from) => {
      if (from.getImageDigest()) return [];
      const tag = from.getImageTag();
      if (tag && tag !== 'latest') return [];
      const range = from.getImageRange() ?? from.getRange();
      return [
        {
          at: positionOf(target.file, range),
          message: tag ? `base image ${from.getImage()} floats with every release` : `base image ${from.getImage()} has no tag, so it means latest`,
          hint: `pin a version, e.g. ${from.getImageName()}:<version>, and ideally its digest (@sha256:…)`,
        },
      ];
    });
  },
};
