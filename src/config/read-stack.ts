import type { ServiceSpec, StackSpec } from '../model/stack.js';
import type { Context } from './read-context.js';
import { checkDependencies } from './dependencies.js';
import type { DependencyRef } from './depends-on.js';
import { MAX_PUBLISHED_PORTS } from './port-mappings.js';
import { projectName } from './project-name.js';
import { wrongType } from './readers.js';
import { readService } from './service.js';
import { childPath, isNull, type MapNode } from './tree.js';
import { readVolumes } from './volumes.js';
import { readSnapshotSettings } from './snapshots.js';
import { readTopSecrets } from './build-secrets.js';

export interface StackMeta {
  projectName: string | undefined;
  /** Where `projectName` came from, for its error: `-p` or `COMPOSE_PROJECT_NAME`. */
  projectNameFrom?: string;
  projectDir: string;
  files: string[];
}

/** The merged tree to a StackSpec, reporting every problem it finds on the way. */
export async function readStack(root: MapNode, meta: StackMeta, ctx: Context): Promise<Omit<StackSpec, 'secretValues'>> {
  const name = projectName(meta.projectName, root, meta.projectDir, ctx, meta.projectNameFrom);
  const volumes = readVolumes(root.entries.get('volumes')?.value, name, ctx);
  const networks = root.entries.get('networks')?.value;
  if (networks && !isNull(networks) && networks.kind !== 'map') wrongType(networks, 'networks', 'a mapping', ctx);
  // Every service joins the project's one default network; other networks are named in the unsupported-keys warning.
  if (networks?.kind === 'map')
    for (const entry of networks.entries.values())
      if (entry.key !== 'default') ctx.unsupported?.push({ at: entry.keyAt, path: childPath('networks', entry.key) });
  const servicesNode = root.entries.get('services')?.value;
  const services: Record<string, ServiceSpec> = {};
  const refs = new Map<string, DependencyRef[]>();
  if (servicesNode?.kind === 'map') {
    const serviceCtx = { ...ctx, volumes, portBudget: { left: MAX_PUBLISHED_PORTS }, secrets: readTopSecrets(root.entries.get('secrets')?.value, ctx) };
    const read = await Promise.all([...servicesNode.entries.values()].map((entry) => readService(entry, serviceCtx)));
    for (const result of read) {
      if (!result) continue;
      services[result.spec.name] = result.spec;
      refs.set(result.spec.name, result.refs);
    }
    for (const key of servicesNode.entries.keys()) if (!refs.has(key)) refs.set(key, []);
  } else if (servicesNode && !isNull(servicesNode)) {
    wrongType(servicesNode, 'services', 'a mapping', ctx);
  }
  checkDependencies(refs, ctx);
  const snapshots = readSnapshotSettings(root, services, ctx);
  return { name, projectDir: meta.projectDir, files: meta.files, services, volumes, ...(snapshots ? { snapshots } : {}) };
}
