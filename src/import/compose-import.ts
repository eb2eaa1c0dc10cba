import { isMap, isScalar, isSeq, parseDocument, YAMLMap, YAMLSeq, type Document, type Node, type Pair } from 'yaml';
import { majorVersion } from '../snapshot/versions.js';

/** What a built-in profile offers in place of a Compose service. */
export interface ProfileOffer {
  profile: string;
  /** The profile's service name, which the import renames the Compose service to. */
  service: string;
  /** Environment keys the profile's service sets (with its own development defaults). */
  environment: string[];
  /** The profile's image: the major version it runs is compared with the Compose file's. */
  image: string;
  /** The profile's named volume for the data, and where it is mounted. */
  data?: { volume: string; target: string };
}

export interface Replacement {
  /** The service in the Compose file. */
  from: string;
  profile: string;
  /** The profile's service name, which the import renames `from` to. */
  to: string;
  /** The fields kept as overrides of the profile (environment keys, ports, command, …). */
  kept: string[];
  /** Everything the import changes about the service, in words, listed before it writes. */
  changes: string[];
  /** Where other services still name `from` as a host, for the user to update. */
  mentions: string[];
}

/** A service an offer matched that is kept as written, and why. */
export interface Held {
  service: string;
  profile: string;
  reason: string;
}

export interface ImportResult {
  text: string;
  replaced: Replacement[];
  /** Services kept as written. */
  kept: string[];
  /** Of those, the ones a profile could have replaced, and why it did not. */
  held: Held[];
}

export interface ImportOptions {
  /** The Compose project's name: its volumes are `<project>_<key>` unless they say otherwise. */
  projectName: string;
}

/** Official images the built-in profiles stand in for, by profile. */
const IMAGES: Array<[string, RegExp]> = [
  ['postgres', /^(docker\.io\/)?(library\/)?postgres(:|@|$)|^(docker\.io\/)?pgvector\/pgvector(:|@|$)/],
  ['redis', /^(docker\.io\/)?(library\/)?redis(:|@|$)/],
  ['minio', /^(docker\.io\/|quay\.io\/)?minio\/minio(:|@|$)/],
  ['prometheus', /^(docker\.io\/)?prom\/prometheus(:|@|$)/],
  ['grafana', /^(docker\.io\/)?grafana\/grafana(-oss)?(:|@|$)/],
];

/**
 * What the official images do when a variable is not set. The profiles set their own development
 * defaults (user `app`, database `app`), so an import writes the image's default out instead, or the
 * service would come up with other credentials and another database than the Compose file gave it.
 */
const IMAGE_DEFAULTS: Record<string, Record<string, (env: Map<string, string>) => string>> = {
  postgres: { POSTGRES_USER: () => 'postgres', POSTGRES_DB: (env) => env.get('POSTGRES_USER') ?? 'postgres' },
  minio: { MINIO_ROOT_USER: () => 'minioadmin', MINIO_ROOT_PASSWORD: () => 'minioadmin' },
  grafana: { GF_SECURITY_ADMIN_USER: () => 'admin', GF_SECURITY_ADMIN_PASSWORD: () => 'admin' },
};

/** Keys the import handles itself; every other key of the service is kept as an override. */
const HANDLED = new Set(['image', 'environment', 'ports', 'volumes']);

export function profileFor(image: string): string | undefined {
  return IMAGES.find(([, pattern]) => pattern.test(image))?.[0];
}

type Mount = { source: string; target: string; named: boolean; text: string };

function keyName(pair: Pair<unknown, unknown>): string {
  return String(isScalar(pair.key) ? pair.key.value : pair.key);
}

/** A service's `volumes:`, short or long form. */
function mountsOf(node: unknown): Mount[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item): Mount[] => {
    if (isScalar(item) && typeof item.value === 'string') {
      const [source = '', target = ''] = item.value.split(':');
      if (!item.value.includes(':')) return [{ source: '', target: source, named: false, text: item.value }];
      return [{ source, target, named: !/^[./~$]/.test(source), text: item.value }];
    }
    if (isMap(item)) {
      const source = String(item.get('source') ?? '');
      const target = String(item.get('target') ?? '');
      return [{ source, target, named: item.get('type') === 'volume' && source !== '', text: `${source}:${target}` }];
    }
    return [];
  });
}

/** `environment:` as key → value, whatever form it was written in. */
function environmentOf(node: unknown): Map<string, string> {
  const env = new Map<string, string>();
  if (isMap(node)) for (const item of node.items) env.set(keyName(item), isScalar(item.value) ? String(item.value.value ?? '') : '');
  if (isSeq(node)) {
    for (const item of node.items) {
      const text = isScalar(item) ? String(item.value) : '';
      const eq = text.indexOf('=');
      if (eq > 0) env.set(text.slice(0, eq), text.slice(eq + 1));
    }
  }
  return env;
}

/** Why an offer cannot stand in for the service without changing what it runs, if it cannot. */
function cannotServe(service: YAMLMap, image: string, offer: ProfileOffer): string | undefined {
  const theirs = majorVersion(image);
  const ours = majorVersion(offer.image);
  if (ours !== undefined && theirs !== ours) {
    const what = theirs === undefined ? 'no version tag, so its major version is unknown' : `major version ${theirs}`;
    return `it runs ${image} (${what}) and the built-in profile ${offer.profile} runs ${offer.image} (major ${ours}): its data and behaviour could change. To move, dump the data, switch to the profile and restore`;
  }
  const others = mountsOf(service.get('volumes')).filter((m) => !(m.named && offer.data && m.target === offer.data.target));
  if (others.length) return `it mounts ${others.map((m) => m.text).join(', ')}, which the profile ${offer.profile} does not`;
  return undefined;
}

/**
 * A Compose file as a devstack.yml: each service running an image a built-in profile provides, in the
 * same major version and with no mounts but its data volume, becomes that profile, keeping what the
 * Compose file says (environment, ports, command and every other key, its data volume by name);
 * everything else stays as written, comments included. Each profile replaces one service at most.
 */
export function importCompose(text: string, offers: ProfileOffer[], options: ImportOptions): ImportResult {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const services = doc.get('services');
  if (!isMap(services)) return { text, replaced: [], kept: [], held: [] };
  const replaced: Replacement[] = [];
  const kept: string[] = [];
  const held: Held[] = [];
  const used = new Set<string>();
  for (const pair of [...services.items] as Array<Pair<Node, Node>>) {
    const name = keyName(pair);
    const service = pair.value;
    const image = isMap(service) ? service.get('image') : undefined;
    const offer = typeof image === 'string' ? offers.find((candidate) => candidate.profile === profileFor(image)) : undefined;
    const taken = offer && (used.has(offer.profile) || (offer.service !== name && services.has(offer.service)));
    const reason = offer && !taken && isMap(service) ? cannotServe(service, image as string, offer) : undefined;
    if (!offer || taken || !isMap(service) || reason) {
      kept.push(name);
      if (offer && reason) held.push({ service: name, profile: offer.profile, reason });
      continue;
    }
    used.add(offer.profile);
    replaced.push({ from: name, profile: offer.profile, to: offer.service, kept: [], changes: [], mentions: [] });
  }
  if (replaced.length === 0) return { text, replaced, kept, held };
  for (const replacement of replaced)
    rewrite(
      doc,
      services,
      replacement,
      offers.find((offer) => offer.profile === replacement.profile)!,
      options,
    );
  addProfiles(
    doc,
    replaced.map((r) => r.profile),
  );
  return { text: doc.toString({ lineWidth: 0 }), replaced, kept, held };
}

function rewrite(doc: Document, services: YAMLMap, replacement: Replacement, offer: ProfileOffer, options: ImportOptions): void {
  const service = services.get(replacement.from) as YAMLMap;
  const { changes } = replacement;
  const image = String(service.get('image'));
  changes.push(`image ${image} → ${offer.image} (the same major version)`);
  if (replacement.from !== replacement.to) changes.push(`service renamed ${replacement.from} → ${replacement.to}`);
  const override = new YAMLMap();
  for (const pair of service.items as Array<Pair<Node, Node>>) {
    const key = keyName(pair);
    if (HANDLED.has(key)) continue;
    override.items.push(pair);
    replacement.kept.push(key);
  }
  keepEnvironment(doc, service, override, replacement, offer);
  const ports = service.get('ports', true);
  if (ports) {
    override.set('ports', ports);
    replacement.kept.push('ports');
  } else {
    // An empty list replaces the profile's: a service the Compose file did not publish stays unpublished.
    override.set('ports', new YAMLSeq());
    changes.push('publishes no port, as in the Compose file (the profile would publish one)');
  }
  keepDataVolume(doc, services, service, replacement, offer, options);
  if (!service.has('healthcheck')) changes.push("adds the profile's healthcheck, CPU and memory limits, log rotation and no-new-privileges");
  services.delete(replacement.from);
  services.set(replacement.to, override);
  for (const pair of services.items as Array<Pair<Node, Node>>) renameDependency(pair.value, replacement);
  if (replacement.from !== replacement.to) replacement.mentions.push(...mentions(services, replacement.from));
}

/** Every variable the Compose file sets, plus the image's own default for each one the profile would set otherwise. */
function keepEnvironment(doc: Document, service: YAMLMap, override: YAMLMap, replacement: Replacement, offer: ProfileOffer): void {
  const written = environmentOf(service.get('environment'));
  const environment = new YAMLMap();
  for (const [key, value] of written) environment.set(key, value);
  replacement.kept.push(...[...written.keys()].map((key) => `environment.${key}`));
  const defaults = IMAGE_DEFAULTS[offer.profile] ?? {};
  for (const key of offer.environment.filter((k) => !written.has(k))) {
    const fallback = defaults[key];
    if (fallback) {
      const value = fallback(written);
      environment.set(key, value);
      replacement.changes.push(`sets ${key}: ${value}, the default of the ${offer.profile} image, which the profile would change`);
    } else replacement.changes.push(`${key} gets the profile's development default (the Compose file sets none)`);
  }
  if (environment.items.length) override.set('environment', doc.createNode(environment));
}

/** The data volume keeps its engine name: the profile's volume key is pointed at it, so the data is found. */
function keepDataVolume(doc: Document, services: YAMLMap, service: YAMLMap, replacement: Replacement, offer: ProfileOffer, options: ImportOptions): void {
  if (!offer.data) return;
  const mount = mountsOf(service.get('volumes')).find((m) => m.named && m.target === offer.data!.target);
  if (!mount) {
    replacement.changes.push(`keeps its data in a new named volume ${options.projectName}_${offer.data.volume} (the Compose file kept none)`);
    return;
  }
  let declared = doc.get('volumes');
  const entry = isMap(declared) ? declared.get(mount.source) : undefined;
  const external = isMap(entry) && (entry.get('external') === true || isMap(entry.get('external')));
  const written = isMap(entry) ? entry.get('name') : undefined;
  const engineName = typeof written === 'string' ? written : external ? mount.source : `${options.projectName}_${mount.source}`;
  const alias = new YAMLMap();
  if (external) alias.set('external', true);
  alias.set('name', engineName);
  const others = (services.items as Array<Pair<Node, Node>>).filter((pair) => keyName(pair) !== replacement.from);
  const stillUsed = others.some((pair) =>
    mountsOf(isMap(pair.value) ? pair.value.get('volumes') : undefined).some((m) => m.named && m.source === mount.source),
  );
  if (!isMap(declared)) {
    declared = new YAMLMap();
    doc.set('volumes', declared);
  }
  if (!stillUsed && mount.source !== offer.data.volume) (declared as YAMLMap).delete(mount.source);
  (declared as YAMLMap).set(offer.data.volume, alias);
  replacement.changes.push(`keeps its data in volume ${engineName} (the profile's ${offer.data.volume} is pointed at it)`);
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
    else if (isMap(node)) for (const item of node.items) walk(item.value, `${path}.${keyName(item)}`);
    else if (isSeq(node)) node.items.forEach((item, i) => walk(item, `${path}[${i}]`));
  };
  for (const pair of services.items as Array<Pair<Node, Node>>) {
    if (isMap(pair.value)) walk(pair.value.get('environment', true), `services.${keyName(pair)}.environment`);
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
