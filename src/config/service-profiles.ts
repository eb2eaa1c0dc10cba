import type { Context } from './read-context.js';
import { scalarText, type MapEntry, type MapNode, type TreeNode } from './tree.js';

/** `--profile` flags and `COMPOSE_PROFILES` (comma-separated), as Compose reads them. */
export function activeServiceProfiles(flags: readonly string[] | undefined, env: Record<string, string | undefined>): string[] {
  const fromEnv = (env.COMPOSE_PROFILES ?? '').split(',').map((name) => name.trim());
  return [...new Set([...(flags ?? []), ...fromEnv].filter((name) => name !== ''))];
}

/**
 * Compose's service `profiles:`: a service that lists profiles runs only when one of them is active (`*`
 * activates all) or it is named on the command line (`targets`); one without runs always. An enabled
 * service that depends on a disabled one is an error.
 */
export function selectServices(root: MapNode, active: readonly string[], ctx: Context, targets: readonly string[] = []): MapNode {
  const servicesEntry = root.entries.get('services');
  const services = servicesEntry?.value;
  if (!servicesEntry || services?.kind !== 'map') return root;
  const disabled = new Map<string, string[]>();
  for (const [name, entry] of services.entries) {
    const profiles = profilesOf(entry.value);
    if (profiles.length > 0 && !active.includes('*') && !targets.includes(name) && !profiles.some((profile) => active.includes(profile)))
      disabled.set(name, profiles);
  }
  if (disabled.size === 0) return root;
  const kept = new Map<string, MapEntry>();
  for (const [name, entry] of services.entries) {
    if (disabled.has(name)) continue;
    kept.set(name, withoutOptional(entry, disabled));
    for (const dependency of dependencies(entry.value)) {
      const profiles = disabled.get(dependency.key);
      if (!profiles || !dependency.required) continue;
      ctx.problems.add(
        dependency.at,
        `services.${name}.depends_on`,
        `service "${name}" depends on "${dependency.key}", which runs only with service profile ${profiles.join(' or ')}`,
        `add --profile ${profiles[0]}, or set COMPOSE_PROFILES=${profiles[0]}`,
      );
    }
  }
  const entries = new Map(root.entries);
  entries.set('services', { ...servicesEntry, value: { ...services, entries: kept } });
  return { ...root, entries };
}

/** Drops `required: false` dependencies on disabled services, as Compose does. */
function withoutOptional(entry: MapEntry, disabled: ReadonlyMap<string, string[]>): MapEntry {
  const service = entry.value;
  const node = service.kind === 'map' ? service.entries.get('depends_on') : undefined;
  if (service.kind !== 'map' || !node || node.value.kind !== 'map') return entry;
  const optional = new Set(
    dependencies(service)
      .filter((dependency) => !dependency.required && disabled.has(dependency.key))
      .map((dependency) => dependency.key),
  );
  if (optional.size === 0) return entry;
  const deps = new Map([...node.value.entries].filter(([key]) => !optional.has(key)));
  const fields = new Map(service.entries);
  fields.set('depends_on', { ...node, value: { ...node.value, entries: deps } });
  return { ...entry, value: { ...service, entries: fields } };
}

function profilesOf(service: TreeNode): string[] {
  const node = service.kind === 'map' ? service.entries.get('profiles')?.value : undefined;
  if (node?.kind !== 'seq') return [];
  return node.items.flatMap((item) => (item.kind === 'scalar' && item.value !== null ? [scalarText(item)] : []));
}

/** `required: false` dependencies may be missing: Compose starts the service without them. */
function dependencies(service: TreeNode): Array<{ key: string; at: MapEntry['keyAt']; required: boolean }> {
  const node = service.kind === 'map' ? service.entries.get('depends_on')?.value : undefined;
  if (node?.kind === 'map') {
    return [...node.entries.values()].map((entry) => {
      const required = entry.value.kind === 'map' ? entry.value.entries.get('required')?.value : undefined;
      return { key: entry.key, at: entry.keyAt, required: !(required?.kind === 'scalar' && (required.value === false || required.value === 'false')) };
    });
  }
  if (node?.kind === 'seq')
    return node.items.flatMap((item) => (item.kind === 'scalar' && item.value !== null ? [{ key: scalarText(item), at: item.at, required: true }] : []));
  return [];
}
