import { COMPOSE_KEYS } from './compose-keys.js';
import { isIP } from 'node:net';
import type { PortSpec } from '../model/stack.js';
import type { Context, ServiceContext } from './read-context.js';
import { checkKeys, readInt, readString, wrongType } from './readers.js';
import { childPath, itemPath, type MapNode, type TreeNode } from './tree.js';

/** Ports on 0.0.0.0 bypass host firewalls, so only an address the user wrote opens them wider. */
const DEFAULT_HOST_IP = '127.0.0.1';
const PROTOCOLS = ['tcp', 'udp', 'sctp'] as const;
type Protocol = (typeof PROTOCOLS)[number];
export const MAX_PUBLISHED_PORTS = 100_000;
const SHORT_HINT = 'write CONTAINER, HOST:CONTAINER or IP:HOST:CONTAINER, optionally with /udp, e.g. "8080:80"';

export function readPorts(node: TreeNode, path: string, ctx: ServiceContext): PortSpec[] {
  if (node.kind === 'scalar' && node.value === null) return [];
  if (node.kind !== 'seq') return wrongType(node, path, 'a list', ctx) ?? [];
  return node.items.flatMap((item, i) => {
    const at = itemPath(path, i);
    if (item.kind === 'map') return longPort(item, at, ctx);
    if (item.kind === 'scalar' && (typeof item.value === 'string' || typeof item.value === 'number')) {
      const parsed = parseShortPort(String(item.value), ctx.portBudget.left);
      if ('error' in parsed) ctx.problems.add(item.at, at, parsed.error, parsed.hint);
      else ctx.portBudget.left -= parsed.ports.length;
      return 'ports' in parsed ? parsed.ports : [];
    }
    return wrongType(item, at, 'a string or a mapping', ctx) ?? [];
  });
}

/**
 * `80`, `8080:80`, `127.0.0.1:8080:80`, `[::1]:8080:80`, `8000-8002:9000-9002/udp`. Ranges expand to one
 * PortSpec each, at most `limit` of them, so that a few bytes of YAML cannot demand millions of objects.
 */
function parseShortPort(text: string, limit = Infinity): { ports: PortSpec[] } | { error: string; hint?: string } {
  const slash = text.lastIndexOf('/');
  const protocol = slash === -1 ? 'tcp' : text.slice(slash + 1);
  if (!isProtocol(protocol)) return { error: `unknown protocol "${protocol}" in port "${text}"; use tcp, udp or sctp` };
  let rest = slash === -1 ? text : text.slice(0, slash);
  let hostIp = DEFAULT_HOST_IP;
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(rest);
  const parts = rest.split(':');
  if (bracketed) {
    hostIp = bracketed[1]!;
    rest = bracketed[2]!;
  } else if (parts.length === 3) {
    hostIp = parts[0]!;
    rest = `${parts[1]}:${parts[2]}`;
  } else if (parts.length > 3) {
    return { error: `invalid port "${text}"`, hint: 'write an IPv6 host address in brackets: "[::1]:8080:80"' };
  }
  if (isIP(hostIp) === 0) return { error: `invalid host address "${hostIp}" in port "${text}"` };
  const [hostPart, containerPart] = rest.includes(':') ? rest.split(':') : [undefined, rest];
  const container = parseRange(containerPart ?? '');
  const host = hostPart ? parseRange(hostPart) : undefined;
  if (!container || (hostPart && !host)) return { error: `invalid port "${text}"`, hint: SHORT_HINT };
  const outside = [...container, ...(host ?? [])].find((port) => port < 1 || port > 65535);
  if (outside !== undefined) return { error: `port ${outside} in "${text}" is outside 1-65535` };
  const count = container[1] - container[0] + 1;
  if (host && host[1] - host[0] + 1 !== count) return { error: `the host and container ranges in "${text}" differ in length` };
  if (count > limit) return { error: `"${text}" publishes more ports than a stack may (${MAX_PUBLISHED_PORTS} in all)`, hint: 'publish smaller ranges' };
  return {
    ports: Array.from({ length: count }, (_, i) => ({
      hostIp,
      ...(host ? { hostPort: host[0] + i } : {}),
      containerPort: container[0] + i,
      protocol,
    })),
  };
}

function parseRange(text: string): [number, number] | undefined {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  return end >= start ? [start, end] : undefined;
}

function isProtocol(text: string): text is Protocol {
  return (PROTOCOLS as readonly string[]).includes(text);
}

function longPort(map: MapNode, path: string, ctx: Context): PortSpec[] {
  checkKeys(map, path, ['target', 'published', 'host_ip', 'protocol'], ctx, COMPOSE_KEYS.port);
  const field = (key: string) => map.entries.get(key)?.value;
  const target = readPort(field('target'), childPath(path, 'target'), ctx);
  if (!field('target')) ctx.problems.add(map.at, path, 'a port mapping needs target: the container port');
  const published = readPort(field('published'), childPath(path, 'published'), ctx);
  const ipNode = field('host_ip');
  const hostIp = ipNode ? readString(ipNode, childPath(path, 'host_ip'), ctx) : DEFAULT_HOST_IP;
  if (ipNode && hostIp !== undefined && isIP(hostIp) === 0) ctx.problems.add(ipNode.at, childPath(path, 'host_ip'), `invalid host address "${hostIp}"`);
  const protocolNode = field('protocol');
  const protocol = protocolNode ? readString(protocolNode, childPath(path, 'protocol'), ctx) : 'tcp';
  if (protocolNode && protocol !== undefined && !isProtocol(protocol)) {
    ctx.problems.add(protocolNode.at, childPath(path, 'protocol'), `unknown protocol "${protocol}"`, 'use tcp, udp or sctp');
  }
  if (target === undefined || hostIp === undefined || protocol === undefined || !isProtocol(protocol)) return [];
  return [{ hostIp, ...(published !== undefined ? { hostPort: published } : {}), containerPort: target, protocol }];
}

function readPort(node: TreeNode | undefined, path: string, ctx: Context): number | undefined {
  const value = node && readInt(node, path, ctx);
  if (node === undefined || value === undefined || (value >= 1 && value <= 65535)) return value;
  ctx.problems.add(node.at, path, `port ${value} is outside 1-65535`);
  return undefined;
}
