import type { From, Instruction, Property } from 'dockerfile-ast';
import { finalStageChain, type DockerfileTarget } from './target.js';

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

/**
 * The ARGs before the first FROM (the only variables a FROM line can use): the stack's `build.args` for the
 * services built from the file, else the defaults written in it.
 */
function globalArgs(target: DockerfileTarget): Map<string, string> {
  const given = target.services[0]?.build?.args ?? {};
  const args = new Map<string, string>();
  for (const instruction of target.ast.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') break;
    if (instruction.getKeyword() !== 'ARG') continue;
    for (const property of (instruction as Instruction & { getProperties(): Property[] }).getProperties()) {
      const value = given[property.getName()] ?? property.getValue();
      if (value !== null) args.set(property.getName(), value);
    }
  }
  return args;
}

/** The image a FROM names with its global ARGs filled in; a variable without a value stays as written. */
export function resolvedImage(target: DockerfileTarget, from: From): string | undefined {
  const image = from.getImage();
  if (!image) return undefined;
  const args = globalArgs(target);
  return image.replace(/\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)/g, (written, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const value = args.get((braced ?? bare)!);
    return value ?? fallback ?? written;
  });
}

export interface ImageRef {
  name: string;
  tag?: string;
  digest?: string;
}

/** Splits `registry:5000/team/app:1.2@sha256:…`; a registry port is not a tag. */
export function parseImageRef(image: string): ImageRef {
  const [named, digest] = image.split('@') as [string, string | undefined];
  const slash = named.lastIndexOf('/');
  const colon = named.indexOf(':', slash + 1);
  const name = colon < 0 ? named : named.slice(0, colon);
  return { name, ...(colon < 0 ? {} : { tag: named.slice(colon + 1) }), ...(digest ? { digest } : {}) };
}

/** The external image the final stage stands on, following `FROM <earlier stage>` back to its root. */
export function finalBaseImage(target: DockerfileTarget): string | undefined {
  const root = finalStageChain(target).at(-1);
  return root ? resolvedImage(target, root.from as From) : undefined;
}
