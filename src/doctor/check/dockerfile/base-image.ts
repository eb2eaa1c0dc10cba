import type { From } from 'dockerfile-ast';
import type { DockerfileTarget } from './target.js';

/** FROMs that name an image rather than an earlier stage or `scratch`. */
export function externalBases(target: DockerfileTarget): From[] {
  const stageNames = new Set<string>();
  const bases: From[] = [];
  for (const stage of target.stages) {
    const from = stage.from as From;
    const name = from.getImageName();
    if (name && !stageNames.has(name.toLowerCase()) && name !== 'scratch') bases.push(from);
    const alias = from.getBuildStage();
    if (alias) stageNames.add(alias.toLowerCase());
  }
  return bases;
}
