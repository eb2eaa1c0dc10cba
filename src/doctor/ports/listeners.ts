import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Listener {
  protocol: 'tcp' | 'udp';
  /** Dotted IPv4, or IPv6 as `::`, `::1` or eight groups; v4-mapped addresses as IPv4. */
  address: string;
  port: number;
  /** Socket inode, which /proc/<pid>/fd links name as `socket:[inode]`. */
  inode: number;
}

/** TCP_LISTEN in /proc/net/tcp; an unconnected UDP socket (TCP_CLOSE) is one bound to receive. */
const BOUND_STATE = { tcp: '0A', udp: '07' } as const;

function ipv4(hex: string): string {
  // The kernel prints the address as a host-order (little-endian) 32-bit word.
  return [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join('.');
}

function ipv6(hex: string): string {
  const bytes = [0, 8, 16, 24].flatMap((word) => [6, 4, 2, 0].map((i) => hex.slice(word + i, word + i + 2)));
  const groups = [0, 2, 4, 6, 8, 10, 12, 14].map((i) => `${bytes[i]}${bytes[i + 1]}`.toLowerCase());
  const joined = groups.join(':');
  if (/^(0000:){7}0000$/.test(joined)) return '::';
  if (/^(0000:){7}0001$/.test(joined)) return '::1';
  if (/^(0000:){5}ffff:/.test(joined)) return ipv4(`${bytes[15]}${bytes[14]}${bytes[13]}${bytes[12]}`);
  return joined;
}

/** Parses one /proc/net/{tcp,tcp6,udp,udp6} table into its bound sockets. */
export function parseProcNet(text: string, protocol: Listener['protocol']): Listener[] {
  return text
    .split('\n')
    .slice(1)
    .flatMap((line) => {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== BOUND_STATE[protocol]) return [];
      const [addressHex, portHex] = fields[1]!.split(':') as [string, string];
      return [
        { protocol, address: addressHex.length === 8 ? ipv4(addressHex) : ipv6(addressHex), port: Number.parseInt(portHex, 16), inode: Number(fields[9]) },
      ];
    });
}

/** Every socket bound on this host's network namespace; undefined where there is no /proc (macOS, Windows). */
export async function readListeners(procRoot = '/proc'): Promise<Listener[] | undefined> {
  const tables = [
    ['tcp', 'tcp'],
    ['tcp6', 'tcp'],
    ['udp', 'udp'],
    ['udp6', 'udp'],
  ] as const;
  const texts = await Promise.all(tables.map(([file]) => readFile(join(procRoot, 'net', file), 'utf8').catch(() => undefined)));
  if (texts[0] === undefined) return undefined;
  return texts.flatMap((text, i) => (text === undefined ? [] : parseProcNet(text, tables[i]![1])));
}

const WILDCARD = new Set(['0.0.0.0', '::', '']);

/** Whether a socket bound at `bound` stops a bind at `wanted` (a dual-stack `::` blocks IPv4 too). */
export function overlaps(bound: string, wanted: string): boolean {
  return WILDCARD.has(bound) || WILDCARD.has(wanted) || bound === wanted;
}
