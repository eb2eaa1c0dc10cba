import type { Rule } from '../finding.js';
import { externalBases, parseImageRef, resolvedImage } from './base-image.js';
import { positionOf, type DockerfileTarget } from './target.js';

export const pinnedBase: Rule<DockerfileTarget> = {
  id: 'dockerfile/pinned-base',
  severity: 'warning',
  summary: 'Base images name a version tag (a digest is better), never `latest` or nothing.',
  check(target) {
    return externalBases(target).flatMap((from) => {
      const image = resolvedImage(target, from);
      // A base named wholly by a build argument without a default is only known at build time.
      if (!image || /^\$/.test(image)) return [];
      const { name, tag, digest } = parseImageRef(image);
      if (digest || (tag && tag !== 'latest')) return [];
      const range = from.getImageRange() ?? from.getRange();
      return [
        {
          at: positionOf(target.file, range),
          message: tag ? `base image ${image} floats with every release` : `base image ${image} has no tag, so it means latest`,
          hint: `pin a version, e.g. ${name}:<version>, and ideally its digest (@sha256:…)`,
        },
      ];
    });
  },
};
