import type { Context } from './context.js';
import { scalarText, type MapEntry, type MapNode, type TreeNode } from './tree.js';

/** `--profile` flags and `COMPOSE_PROFILES` (comma-separated), as Compose reads them. */
export function activeProfiles(flags: readonly string[] | undefined, env: Record<string, string | undefined>): string[] {
  const fromEnv = (env.COMPOSE_PROFILES ?? '').split(',').map((name) => name.trim());
  return [...new Set([...(flags ?? []), ...fromEnv].filter((name) => name !== ''))];
}

/**
 * Compose's service `profiles:`: a service that lists profiles runs only when one of them is active (`*`
 * activates all); one without runs always. An enabled service that depends on a disabled one is an error.
 */
export function selectServices(root: MapNode, active: readonly string[], ctx: Context): MapNode {
  const servicesEntry = root.entries.get('services');
  const services = servicesEntry?.value;
  if (!servicesEntry || services?.kind !== 'map') return root;
  const disabled = new Map<string, string[]>();
  for (const [name, entry] of services.entries) {
    const profiles = profilesOf(entry.value);
    if (profiles.length > 0 && !active.includes('*') && !profiles.some((profile) => active.includes(profile))) disabled.set(name, profiles);
  }
  if (disabled.size === 0) return root;
  const kept = new Map<string, MapEntry>();
  for (const [name, entry] of services.entries) {
    if (disabled.has(name)) continue;
    kept.set(name, entry);
    for (const dependency of dependencies(entry.value)) {
      const profiles = disabled.get(dependency.key);
      if (!profiles) continue;
      ctx.problems.add(dependency.at, `services.${name}.depends_on`, `service "${name}" depends on "${dependency.key}", which runs only with profile ${profiles.join(' or ')}`, `add --profile ${profiles[0]}, or set COMPOSE_PROFILES=${profiles[0]}`);
    }
  }
  const entries = new Map(root.entries);
  entries.set('services', { ...servicesEntry, value: { ...services, entries: kept } });
  return { ...root, entries };
}

function profilesOf(service: TreeNode): string[] {
  const node = service.kind === 'map' ? service.entries.get('profiles')?.value : undefined;
  if (node?.kind !== 'seq') return [];
  return node.items.flatMap((item) => (item.kind === 'scalar' && item.value !== null ? [scalarText(item)] : []));
}

function dependencies(service: TreeNode): Array<{ key: string; at: MapEntry['keyAt'] }> {
  const node = service.kind === 'map' ? service.entries.get('depends_on')?.value : undefined;
  if (node?.kind === 'map') return [...node.entries.values()].map((entry) => ({ key: entry.key, at: entry.keyAt }));
  if (node?.kind === 'seq') return node.items.flatMap((item) => (item.kind === 'scalar' && item.value !== null ? [{ key: scalarText(item), at: item.at }] : []));
  return [];
}
