import { isMap, isScalar, isSeq, parseDocument, YAMLMap, type Document, type Node, type Pair } from 'yaml';

/** What a built-in profile offers in place of a Compose service: its service name and the variables it reads. */
export interface ProfileOffer {
  profile: string;
  service: string;
  /** Environment keys the profile's service sets; a Compose file's values for them are kept as overrides. */
  environment: string[];
}

export interface Replacement {
  /** The service in the Compose file. */
  from: string;
  profile: string;
  /** The profile's service name, which the import renames `from` to. */
  to: string;
  /** The fields kept as overrides of the profile (environment keys, ports). */
  kept: string[];
  /** Where other services still name `from` as a host, for the user to update. */
  mentions: string[];
}

export interface ImportResult {
  text: string;
  replaced: Replacement[];
  /** Services kept as written. */
  kept: string[];
}

/** Official images the built-in profiles stand in for, by profile. */
const IMAGES: Array<[string, RegExp]> = [
  ['postgres', /^(docker\.io\/)?(library\/)?postgres(:|@|$)|^(docker\.io\/)?pgvector\/pgvector(:|@|$)/],
  ['redis', /^(docker\.io\/)?(library\/)?redis(:|@|$)/],
  ['minio', /^(docker\.io\/|quay\.io\/)?minio\/minio(:|@|$)/],
  ['prometheus', /^(docker\.io\/)?prom\/prometheus(:|@|$)/],
  ['grafana', /^(docker\.io\/)?grafana\/grafana(-oss)?(:|@|$)/],
];

export function profileFor(image: string): string | undefined {
  return IMAGES.find(([, pattern]) => pattern.test(image))?.[0];
}

/**
 * A Compose file as a devstack.yml: each service running an image a built-in profile provides becomes that
 * profile (its environment values for the profile's variables and its ports kept as overrides); everything
 * else stays as written, comments included. Each profile replaces one service at most.
 */
export function importCompose(text: string, offers: ProfileOffer[]): ImportResult {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const services = doc.get('services');
  if (!isMap(services)) return { text, replaced: [], kept: [] };
  const replaced: Replacement[] = [];
  const kept: string[] = [];
  const used = new Set<string>();
  for (const pair of [...services.items] as Array<Pair<Node, Node>>) {
    const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const service = pair.value;
    const image = isMap(service) ? service.get('image') : undefined;
    const offer = typeof image === 'string' ? offers.find((candidate) => candidate.profile === profileFor(image)) : undefined;
    const taken = offer && (used.has(offer.profile) || (offer.service !== name && services.has(offer.service)));
    if (!offer || taken || !isMap(service)) {
      kept.push(name);
      continue;
    }
    used.add(offer.profile);
    replaced.push({ from: name, profile: offer.profile, to: offer.service, kept: [], mentions: [] });
  }
  if (replaced.length === 0) return { text, replaced, kept };
  for (const replacement of replaced) rewrite(doc, services, replacement, offers.find((offer) => offer.profile === replacement.profile)!);
  addProfiles(doc, replaced.map((r) => r.profile));
  return { text: doc.toString({ lineWidth: 0 }), replaced, kept };
}

function rewrite(doc: Document, services: YAMLMap, replacement: Replacement, offer: ProfileOffer): void {
  const service = services.get(replacement.from) as YAMLMap;
  const override = new YAMLMap();
  const environment = environmentOf(service.get('environment') as Node | undefined);
  const keptEnv = new YAMLMap();
  for (const [key, value] of environment) if (offer.environment.includes(key)) keptEnv.set(key, value);
  if (keptEnv.items.length > 0) {
    override.set('environment', keptEnv);
    replacement.kept.push(...keptEnv.items.map((item) => `environment.${String((item.key as { value?: unknown }).value ?? item.key)}`));
  }
  const ports = service.get('ports', true);
  if (ports) {
    override.set('ports', ports);
    replacement.kept.push('ports');
  }
  const volumes = namedVolumes(service.get('volumes') as Node | undefined);
  services.delete(replacement.from);
  if (override.items.length > 0) services.set(replacement.to, override);
  for (const pair of services.items as Array<Pair<Node, Node>>) renameDependency(pair.value, replacement);
  const declared = doc.get('volumes');
  if (isMap(declared)) {
    for (const volume of volumes) if (!mentioned(services, volume)) declared.delete(volume);
    if (declared.items.length === 0) doc.delete('volumes');
  }
  if (replacement.from !== replacement.to) replacement.mentions.push(...mentions(services, replacement.from));
}

/** `environment:` as key → value, whatever form it was written in. */
function environmentOf(node: Node | undefined): Array<[string, unknown]> {
  if (isMap(node)) return node.items.map((item) => [String((item.key as { value?: unknown }).value ?? item.key), item.value]);
  if (isSeq(node)) {
    return node.items.flatMap((item) => {
      const text = isScalar(item) ? String(item.value) : '';
      const eq = text.indexOf('=');
      return eq === -1 ? [] : [[text.slice(0, eq), text.slice(eq + 1)] as [string, unknown]];
    });
  }
  return [];
}

/** The top-level volumes a service mounts by name, so that ones only the replaced service used can go. */
function namedVolumes(node: Node | undefined): string[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item) => {
    if (isScalar(item) && typeof item.value === 'string') {
      const source = item.value.split(':')[0]!;
      return item.value.includes(':') && !/^[./~]/.test(source) ? [source] : [];
    }
    if (isMap(item) && item.get('type') === 'volume' && typeof item.get('source') === 'string') return [item.get('source') as string];
    return [];
  });
}

function mentioned(services: YAMLMap, volume: string): boolean {
  return (services.items as Array<Pair<Node, Node>>).some((pair) => namedVolumes((isMap(pair.value) ? pair.value.get('volumes') : undefined) as Node | undefined).includes(volume));
}

function renameDependency(service: Node | null, { from, to }: Replacement): void {
  if (from === to || !isMap(service)) return;
  const deps = service.get('depends_on');
  if (isSeq(deps)) for (const item of deps.items) if (isScalar(item) && item.value === from) item.value = to;
  if (isMap(deps)) for (const item of deps.items) if (isScalar(item.key) && item.key.value === from) item.key.value = to;
}

/** Where a service's old name still appears as a host in another service's values (`postgres://db:5432`). */
function mentions(services: YAMLMap, name: string): string[] {
  const found: string[] = [];
  const host = new RegExp(`(^|[/@=:\\s])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[:/\\s]|$)`);
  const walk = (node: unknown, path: string) => {
    if (isScalar(node) && typeof node.value === 'string' && host.test(node.value)) found.push(path);
    else if (isMap(node)) for (const item of node.items) walk(item.value, `${path}.${String((item.key as { value?: unknown }).value ?? item.key)}`);
    else if (isSeq(node)) node.items.forEach((item, i) => walk(item, `${path}[${i}]`));
  };
  for (const pair of services.items as Array<Pair<Node, Node>>) {
    const service = String((pair.key as { value?: unknown }).value ?? pair.key);
    if (isMap(pair.value)) walk(pair.value.get('environment', true), `services.${service}.environment`);
  }
  return found;
}

function addProfiles(doc: Document, profiles: string[]): void {
  const root = doc.contents as YAMLMap;
  const node = doc.createNode(profiles);
  node.flow = true;
  const at = root.items.findIndex((item) => isScalar(item.key) && item.key.value === 'name') + 1;
  root.items.splice(at, 0, doc.createPair('profiles', node));
}
