import { LABEL_PROJECT, LABEL_PROJECT_DIR, LABEL_SERVICE, type ContainerSummary, type Engine } from '../../engine/types.js';
import type { StackSpec } from '../../model/stack.js';
import { fail, ok, type Outcome } from '../outcome.js';
import { portTaken } from '../ports/bind-probe.js';
import { processesHolding, type ProcessHolder } from '../ports/holders.js';
import { overlaps, readListeners, type Listener } from '../ports/listeners.js';
import { lsofHolder } from '../ports/lsof.js';
import { wantedPorts, type WantedPort } from '../ports/published-ports.js';

const CHECK = 'ports';

function label(p: WantedPort): string {
  return `${p.hostIp || '0.0.0.0'}:${p.hostPort}${p.protocol === 'udp' ? '/udp' : ''} (service ${p.service})`;
}

function containerOutcome(stack: StackSpec, p: WantedPort, holder: ContainerSummary): Outcome {
  const project = holder.labels[LABEL_PROJECT];
  // Our own container keeps or hands over the port as `up` converges; only a same-named project elsewhere is a conflict.
  if (project === stack.name && (holder.labels[LABEL_PROJECT_DIR] ?? stack.projectDir) === stack.projectDir) {
    return ok(
      CHECK,
      `${label(p)} is held by this stack's own container ${holder.name}${holder.labels[LABEL_SERVICE] === p.service ? '' : ' (up replaces it)'}`,
    );
  }
  const fix = project
    ? `run \`devstack down -p ${project}\` in ${holder.labels[LABEL_PROJECT_DIR] ?? 'its project folder'}, or change the published port`
    : `stop it with \`docker stop ${holder.name}\`, or change the published port`;
  return fail(CHECK, `${label(p)} is held by container ${holder.name}${project ? ` (devstack project "${project}")` : ''}`, fix);
}

/**
 * Every host port the stack publishes is free, or held by the very container that will keep it.
 * Cheap on purpose (a few /proc reads and one container list): `up` runs it first. The engine is asked
 * whatever /proc says, since without the userland proxy (or behind rootlesskit, or in a VM) a container's
 * port has no listener of its own on this host.
 */
export async function checkPorts(stack: StackSpec, engine: Engine | undefined, services?: string[], procRoot = '/proc'): Promise<Outcome[]> {
  const wanted = wantedPorts(stack, services);
  if (wanted.length === 0) return [ok(CHECK, 'the stack publishes no fixed host ports')];
  const [listeners, containers] = await Promise.all([readListeners(procRoot), engine ? engine.listContainers({}) : []]);
  const running = containers.filter((c) => c.status === 'running');
  const byContainer = new Map<WantedPort, ContainerSummary>();
  const taken = new Map<WantedPort, Listener[] | true>();
  for (const p of wanted) {
    const container = running.find((c) => c.hostPorts.includes(p.hostPort));
    if (container) byContainer.set(p, container);
    else if (listeners) {
      const holders = listeners.filter((l) => l.protocol === p.protocol && l.port === p.hostPort && overlaps(l.address, p.hostIp));
      if (holders.length) taken.set(p, holders);
    } else if (p.protocol === 'tcp' && (await portTaken(p.hostIp, p.hostPort))) taken.set(p, true);
  }
  if (taken.size === 0 && byContainer.size === 0) {
    return [ok(CHECK, `${wanted.length} published ${wanted.length === 1 ? 'port is' : 'ports are'} free: ${wanted.map((p) => p.hostPort).join(', ')}`)];
  }

  // Walking every process's file descriptors is the slow part: done only for ports no container explains.
  const inodes = new Set([...taken.values()].flatMap((h) => (h === true ? [] : h.map((l) => l.inode))));
  const processes = inodes.size ? await processesHolding(inodes, procRoot) : new Map<number, never>();
  const free = wanted.filter((p) => !taken.has(p) && !byContainer.has(p));
  const outcomes = free.length ? [ok(CHECK, `free: ${free.map(label).join(', ')}`)] : [];
  for (const p of wanted) {
    const container = byContainer.get(p);
    if (container) outcomes.push(containerOutcome(stack, p, container));
    const holders = taken.get(p);
    if (!holders) continue;
    const process: ProcessHolder | undefined =
      holders === true ? await lsofHolder(p.hostPort, p.protocol) : holders.map((l) => processes.get(l.inode)).find((h) => h !== undefined);
    if (process) {
      outcomes.push(
        fail(
          CHECK,
          `${label(p)} is held by PID ${process.pid} (${process.command})`,
          `stop it (\`kill ${process.pid}\`), or change the published port in the stack file`,
        ),
      );
    } else if (holders === true) {
      outcomes.push(fail(CHECK, `${label(p)} is in use`, `find the holder with \`lsof -nP -i :${p.hostPort}\`, stop it or change the published port`));
    } else {
      outcomes.push(
        fail(
          CHECK,
          `${label(p)} is in use by a process devstack may not inspect (another user's)`,
          `find it with \`sudo ss -lptn 'sport = :${p.hostPort}'\`, stop it or change the published port`,
        ),
      );
    }
  }
  return outcomes;
}
