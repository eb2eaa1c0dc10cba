import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One key line of an OpenSSH known_hosts file. */
export interface KnownHostEntry {
  file: string;
  line: number;
  marker?: 'revoked' | 'cert-authority';
  /** The host field: comma-separated patterns, or one `|1|salt|hash` hashed name. */
  hosts: string;
  keyType: string;
  key: Buffer;
}

/** What a host's key is to the user's known_hosts, as OpenSSH's client would judge it. */
export type HostKeyVerdict =
  | { verdict: 'known'; entry: KnownHostEntry }
  | { verdict: 'unknown'; keyType: string; fingerprint: string; otherTypes: string[] }
  | { verdict: 'changed'; keyType: string; fingerprint: string; entry: KnownHostEntry }
  | { verdict: 'revoked'; keyType: string; fingerprint: string; entry: KnownHostEntry };

/** The connection was dropped because the host's key is not one known_hosts vouches for. */
export class HostKeyRejected extends Error {
  constructor(readonly judged: Exclude<HostKeyVerdict, { verdict: 'known' }>) {
    super(`host key ${judged.verdict}: ${judged.keyType} ${judged.fingerprint}`);
  }
}

/** Parses known_hosts text; lines that are not key lines (comments, blanks, garbage) are skipped, as ssh skips them. */
export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (!fields[0] || fields[0].startsWith('#')) return;
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift()!.slice(1) as KnownHostEntry['marker'];
    const [hosts, keyType, encoded] = fields;
    if (!hosts || !keyType || !encoded || !/^[A-Za-z0-9+/]+=*$/.test(encoded)) return;
    entries.push({ file, line: index + 1, ...(marker ? { marker } : {}), hosts, keyType, key: Buffer.from(encoded, 'base64') });
  });
  return entries;
}

/** The name ssh looks a host up by: `host` on port 22, `[host]:port` elsewhere. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The `|1|salt|hash` form of a name, as `ssh-keygen -H` writes it. */
export function hashedHostName(name: string, salt: Buffer): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Whether an entry's host field names `name`: a hashed name, or patterns where one `!pattern` match vetoes. */
export function hostFieldMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|');
    if (!salt || !hash) return false;
    return hashedHostName(name, Buffer.from(salt, 'base64')) === hosts;
  }
  let matched = false;
  for (const pattern of hosts.split(',')) {
    const negated = pattern.startsWith('!');
    if (!globToRegExp(negated ? pattern.slice(1) : pattern).test(name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** The key type written at the start of an ssh public key blob (`ssh-ed25519`, `ssh-rsa`, ...). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const length = key.readUInt32BE(0);
  return key.subarray(4, 4 + length).toString('latin1');
}

/** The fingerprint ssh shows for a key: `SHA256:` and the unpadded base64 of its digest. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Judges the key a host showed against the entries for it. A revoked key is refused wherever it
 * shows up; a different key of the same type is a changed key (a host rebuilt, or someone in the
 * middle); no entry of that type is an unknown host, never accepted on our own.
 */
export function judgeHostKey(entries: KnownHostEntry[], host: string, port: number, key: Buffer): HostKeyVerdict {
  const keyType = keyTypeOf(key);
  const print = fingerprint(key);
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { verdict: 'revoked', keyType, fingerprint: print, entry: revoked };
  const name = knownHostName(host, port);
  const forHost = entries.filter((e) => !e.marker && hostFieldMatches(e.hosts, name));
  const known = forHost.find((e) => e.key.equals(key));
  if (known) return { verdict: 'known', entry: known };
  const sameType = forHost.find((e) => e.keyType === keyType);
  if (sameType) return { verdict: 'changed', keyType, fingerprint: print, entry: sameType };
  return { verdict: 'unknown', keyType, fingerprint: print, otherTypes: [...new Set(forHost.map((e) => e.keyType))] };
}

/** The host key algorithms ssh2 should offer first for the key types known_hosts holds for this host. */
export function preferredHostKeyAlgorithms(entries: KnownHostEntry[], host: string, port: number): string[] {
  const name = knownHostName(host, port);
  const types = new Set(entries.filter((e) => !e.marker && hostFieldMatches(e.hosts, name)).map((e) => e.keyType));
  return [...types].flatMap((type) => (type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : KNOWN_ALGORITHMS.has(type) ? [type] : []));
}

const KNOWN_ALGORITHMS = new Set(['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521']);

/** The files OpenSSH's client reads by default: the user's, then the system's. Missing ones hold nothing. */
export function readKnownHosts(home: string): KnownHostEntry[] {
  return [join(home, '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'].flatMap((file) => {
    try {
      return parseKnownHosts(readFileSync(file, 'utf8'), file);
    } catch {
      return [];
    }
  });
}
