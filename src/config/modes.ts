import type { ServiceSpec, StackSpec } from '../model/stack.js';
import { isWithin } from '../model/within.js';
import type { Context } from './read-context.js';
import { fileLevel } from './problems.js';
import { checkKeys, readMap } from './readers.js';
import { childPath, type MapNode } from './tree.js';

export const DEFAULT_MODE = 'dev';
/** Modes that exist without being declared: `dev` is the stack as written, `prod` adds the production rules. */
const BUILTIN_MODES = ['dev', 'prod'];
const MODE_NAME = /^[a-z][a-z0-9_-]*$/;

export interface ModeOverlay {
  mode: string;
  /** `x-devstack.modes.<mode>`, a Compose fragment merged over the stack like a second file; undefined when not declared. */
  tree?: MapNode;
}

/** The declared modes, by name, from the merged tree's top-level `x-devstack.modes`. */
function declaredModes(root: MapNode, ctx: Context): { node?: MapNode; modes: Map<string, MapNode> } {
  const block = root.entries.get('x-devstack')?.value;
  const modesNode = block?.kind === 'map' ? block.entries.get('modes')?.value : undefined;
  const modes = new Map<string, MapNode>();
  if (!modesNode) return { modes };
  const node = readMap(modesNode, 'x-devstack.modes', ctx);
  for (const entry of node?.entries.values() ?? []) {
    const path = childPath('x-devstack.modes', entry.key);
    if (!MODE_NAME.test(entry.key))
      ctx.problems.add(entry.keyAt, path, `invalid mode name "${entry.key}"`, 'use lower-case letters, digits, - and _, starting with a letter');
    const overlay = readMap(entry.value, path, ctx);
    if (!overlay) continue;
    checkKeys(overlay, path, ['services', 'volumes'], ctx);
    modes.set(entry.key, overlay);
  }
  return { ...(node ? { node } : {}), modes };
}

/** Finds the overlay for `mode`; an undeclared mode other than dev and prod is a problem at the modes block (or the file). */
export function modeOverlay(root: MapNode, mode: string, firstFile: string, ctx: Context): ModeOverlay {
  const { node, modes } = declaredModes(root, ctx);
  const tree = modes.get(mode);
  if (!tree && !BUILTIN_MODES.includes(mode)) {
    const known = [...new Set([...BUILTIN_MODES, ...modes.keys()])].join(', ');
    ctx.problems.add(
      node?.at ?? fileLevel(firstFile),
      'x-devstack.modes',
      `mode "${mode}" is not declared`,
      `declare it under x-devstack.modes.${mode}, or use one of: ${known}`,
    );
  }
  return { mode, ...(tree ? { tree } : {}) };
}

function namesTarget(overlay: MapNode | undefined, service: string): boolean {
  const services = overlay?.entries.get('services')?.value;
  const spec = services?.kind === 'map' ? services.entries.get(service)?.value : undefined;
  const build = spec?.kind === 'map' ? spec.entries.get('build')?.value : undefined;
  return build?.kind === 'map' && build.entries.has('target');
}

/**
 * Production as the image would run it: the Dockerfile's final stage (unless the prod overlay names a stage),
 * the source baked into the image rather than mounted over it, and no file watching.
 */
function production(service: ServiceSpec, overlay: MapNode | undefined): ServiceSpec {
  const { develop: _watch, ...spec } = service;
  const build = service.build;
  if (!build) return spec;
  const { target: _stage, ...finalStage } = build;
  return {
    ...spec,
    build: namesTarget(overlay, service.name) ? build : finalStage,
    volumes: service.volumes.filter((mount) => !(mount.type === 'bind' && isWithin(build.context, mount.source))),
  };
}

/**
 * Applies a mode to a loaded stack: records it, applies the production rules in `prod`, and gives images built
 * in another mode than dev their own tag, so switching mode never runs the other mode's image.
 */
export function applyMode<T extends Omit<StackSpec, 'secretValues'>>(stack: T, overlay: ModeOverlay): T {
  if (overlay.mode === DEFAULT_MODE) return { ...stack, mode: DEFAULT_MODE };
  const services = Object.fromEntries(
    Object.entries(stack.services).map(([name, service]) => {
      const shaped = overlay.mode === 'prod' ? production(service, overlay.tree) : service;
      const image = shaped.image ?? (shaped.build ? `${stack.name}-${name}:${overlay.mode}` : undefined);
      return [name, { ...shaped, ...(image ? { image } : {}) }];
    }),
  );
  return { ...stack, mode: overlay.mode, services };
}
