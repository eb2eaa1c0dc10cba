import { COMPOSE_KEYS } from './compose-keys.js';
import type { ServiceSpec } from '../model/stack.js';
import { readBuild } from './build.js';
import type { ServiceContext } from './read-context.js';
import { readDependsOn, type DependencyRef } from './depends-on.js';
import { readEnvironment } from './environment.js';
import { readHealthcheck } from './read-healthcheck.js';
import { readKeyed } from './keyed.js';
import { readMounts } from './mounts.js';
import { readPorts } from './port-mappings.js';
import { checkKeys, readBool, readDuration, readMap, readString } from './readers.js';
import { readBytes, readCommand, readCpus, readLogging, readRestart, readStringList } from './service-fields.js';
import { readTmpfs } from './tmpfs.js';
import { readServiceExtras } from './x-devstack-service.js';
import { readWatch } from './watch.js';
import { childPath, toPlain, type MapEntry, type TreeNode } from './tree.js';

type Field = (node: TreeNode, path: string, ctx: ServiceContext) => Partial<ServiceSpec>;

const FIELDS: Record<string, Field> = {
  image: (node, path, ctx) => ({ image: readString(node, path, ctx) }),
  build: (node, path, ctx) => ({ build: readBuild(node, path, ctx) }),
  command: (node, path, ctx) => ({ command: readCommand(node, path, ctx) }),
  entrypoint: (node, path, ctx) => ({ entrypoint: readCommand(node, path, ctx) }),
  ports: (node, path, ctx) => ({ ports: readPorts(node, path, ctx) }),
  volumes: (node, path, ctx) => ({ volumes: readMounts(node, path, ctx) }),
  healthcheck: (node, path, ctx) => ({ healthcheck: readHealthcheck(node, path, ctx) }),
  labels: (node, path, ctx) => ({ labels: readKeyed(node, path, ctx, () => '') }),
  restart: readRestart,
  user: (node, path, ctx) => ({ user: readString(node, path, ctx) }),
  working_dir: (node, path, ctx) => ({ workingDir: readString(node, path, ctx) }),
  init: (node, path, ctx) => ({ init: readBool(node, path, ctx) }),
  stop_signal: (node, path, ctx) => ({ stopSignal: readString(node, path, ctx) }),
  stop_grace_period: (node, path, ctx) => ({ stopGracePeriodMs: readDuration(node, path, ctx) }),
  mem_limit: (node, path, ctx) => ({ memLimitBytes: readBytes(node, path, ctx) }),
  cpus: (node, path, ctx) => ({ cpus: readCpus(node, path, ctx) }),
  develop: (node, path, ctx) => ({ develop: toPlain(node), watch: readWatch(node, path, ctx) }),
  security_opt: (node, path, ctx) => ({ securityOpt: readStringList(node, path, ctx) }),
  cap_add: (node, path, ctx) => ({ capAdd: readStringList(node, path, ctx) }),
  logging: readLogging,
  read_only: (node, path, ctx) => ({ readOnly: readBool(node, path, ctx) }),
  tmpfs: (node, path, ctx) => ({ tmpfs: readTmpfs(node, path, ctx) }),
  profiles: (node, path, ctx) => ({ serviceProfiles: readStringList(node, path, ctx) }),
};
/** Read apart from the table: they need each other (env_file + environment) or feed stack-wide checks. */
const SPECIAL = ['environment', 'env_file', 'depends_on'];
const SERVICE_KEYS = [...Object.keys(FIELDS), ...SPECIAL];

/** Mounting the engine's socket hands the container the whole machine: only on explicit request. */
const DOCKER_SOCKETS = ['/var/run/docker.sock', '/run/docker.sock'];

const SERVICE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export async function readService(entry: MapEntry, ctx: ServiceContext): Promise<{ spec: ServiceSpec; refs: DependencyRef[] } | undefined> {
  const { key: name, keyAt } = entry;
  const path = childPath('services', name);
  if (!SERVICE_NAME.test(name)) {
    ctx.problems.add(keyAt, path, `invalid service name "${name}"`, 'use letters, digits, _, . and -, starting with a letter or digit');
  }
  const map = readMap(entry.value, path, ctx);
  if (!map) return undefined;
  checkKeys(map, path, SERVICE_KEYS, ctx, COMPOSE_KEYS.service);
  const spec: ServiceSpec = { name, environment: {}, ports: [], volumes: [], dependsOn: {}, labels: {}, extensions: {} };
  for (const { key, value } of map.entries.values()) {
    if (key.startsWith('x-')) spec.extensions[key] = toPlain(value);
    else if (Object.hasOwn(FIELDS, key)) Object.assign(spec, FIELDS[key]!(value, childPath(path, key), ctx));
  }
  Object.assign(spec, readServiceExtras(map, path, ctx));
  spec.environment = await readEnvironment(map, path, ctx);
  const dependsOnNode = map.entries.get('depends_on')?.value;
  const { dependsOn, refs } = dependsOnNode ? readDependsOn(dependsOnNode, childPath(path, 'depends_on'), ctx) : { dependsOn: {}, refs: [] };
  spec.dependsOn = dependsOn;
  const socket = spec.volumes.find((mount) => mount.type === 'bind' && DOCKER_SOCKETS.includes(mount.source)) as { source: string } | undefined;
  const allowed = (spec.extensions['x-devstack'] as { docker_socket?: unknown } | undefined)?.docker_socket === true;
  if (socket && !allowed) {
    ctx.problems.add(
      map.entries.get('volumes')!.value.at,
      childPath(path, 'volumes'),
      `mounts the Docker socket (${socket.source}), which gives the container root on this machine`,
      'if the service truly needs it, say so with `x-devstack: {docker_socket: true}` on the service',
    );
  }
  if (!map.entries.has('image') && !map.entries.has('build')) {
    ctx.problems.add(keyAt, path, `service "${name}" needs image: or build:`, 'add image: NAME:TAG, or build: ./folder-with-a-Dockerfile');
  }
  for (const key of Object.keys(spec) as Array<keyof ServiceSpec>) if (spec[key] === undefined) delete spec[key];
  return { spec, refs };
}
