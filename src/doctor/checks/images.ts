import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../../engine/types.js';
import type { StackSpec } from '../../model/stack.js';
import { externalBases, resolvedImage } from '../check/dockerfile/base-image.js';
import { dockerfileTarget } from '../check/dockerfile/target.js';
import { ok, warn, type Outcome } from '../outcome.js';

/** Pulled images, and base images of the project's Dockerfiles, that must come over the network before `up` can finish. */
async function imagesNeeded(stack: StackSpec): Promise<string[]> {
  const refs = new Set<string>();
  for (const service of Object.values(stack.services)) {
    if (!service.build) {
      if (service.image) refs.add(service.image);
      continue;
    }
    const file = join(service.build.context, service.build.dockerfile);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const target = dockerfileTarget(file, text, []);
    for (const from of externalBases(target)) {
      const image = resolvedImage(target, from);
      // A base image named through a build ARG without a default is only known at build time.
      if (image && !image.includes('$')) refs.add(image);
    }
  }
  return [...refs];
}

export async function checkImages(stack: StackSpec, engine: Engine): Promise<Outcome[]> {
  const refs = await imagesNeeded(stack);
  const missing: string[] = [];
  for (const ref of refs) if (!(await engine.imageId(ref))) missing.push(ref);
  if (missing.length) return [warn('images', `not present yet, to be pulled: ${missing.join(', ')}`, 'run `devstack up` while online (or `docker pull` them now); check the names if a pull fails')];
  return [ok('images', refs.length ? `all ${refs.length} images present: ${refs.join(', ')}` : 'no images to pull')];
}
