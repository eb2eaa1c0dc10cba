import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../../engine/types.js';
import type { StackSpec } from '../../model/stack.js';
import { externalBases, resolvedImage } from '../../lint/dockerfile/base-image.js';
import { dockerfileTarget } from '../../lint/dockerfile/target.js';
import { fail, ok, warn, type Outcome } from '../outcome.js';

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
    const target = dockerfileTarget(file, text, [service]);
    for (const from of externalBases(target)) {
      const image = resolvedImage(target, from);
      // A base image named through a build ARG without a default is only known at build time.
      if (image && !image.includes('$')) refs.add(image);
    }
  }
  return [...refs];
}

/** Long enough for a registry across the internet, short enough that doctor stays a quick check. */
const REGISTRY_TIMEOUT_MS = 5000;

type Lookup = { ref: string; digest?: string; error?: string };

/**
 * Present locally, or pullable: a missing image is looked up in its registry through the engine (which
 * knows the mirrors and logins) without pulling it, so a typo or a private image fails here, not mid-`up`.
 */
export async function checkImages(stack: StackSpec, engine: Engine): Promise<Outcome[]> {
  const refs = await imagesNeeded(stack);
  const missing: string[] = [];
  for (const ref of refs) if (!(await engine.imageId(ref))) missing.push(ref);
  if (missing.length === 0) return [ok('images', refs.length ? `all ${refs.length} images present: ${refs.join(', ')}` : 'no images to pull')];
  const lookups = await Promise.all(
    missing.map((ref): Promise<Lookup> =>
      engine.registryDigest(ref, REGISTRY_TIMEOUT_MS).then(
        (digest) => (digest ? { ref, digest } : { ref }),
        (error: Error) => ({ ref, error: error.message }),
      ),
    ),
  );
  const outcomes: Outcome[] = [];
  const pullable = lookups.filter((l) => l.digest);
  const absent = lookups.filter((l) => !l.digest && !l.error);
  const unknown = lookups.filter((l) => l.error);
  const present = refs.length - missing.length;
  if (pullable.length)
    outcomes.push(ok('images', `${present ? `${present} present; ` : ''}to be pulled, found in their registry: ${pullable.map((l) => l.ref).join(', ')}`));
  if (absent.length) {
    outcomes.push(
      fail(
        'images',
        `not present and not in their registry: ${absent.map((l) => l.ref).join(', ')}`,
        'check the name and tag (a typo?); for a private registry run `docker login <registry>`',
      ),
    );
  }
  if (unknown.length) {
    outcomes.push(
      warn(
        'images',
        `not present, and their registry could not be asked: ${unknown.map((l) => `${l.ref} (${l.error})`).join('; ')}`,
        'check the network (or the registry mirror); `docker pull <image>` shows the whole error',
      ),
    );
  }
  return outcomes;
}
