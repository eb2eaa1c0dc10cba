import { randomBytes, timingSafeEqual } from 'node:crypto';
import { networkInterfaces } from 'node:os';

/**
 * Who may talk to a dashboard. A page that can reset volumes is a remote control of the machine, so
 * every request proves it holds the run's token, names this server in Host (a DNS-rebinding page
 * names its own host), and a state-changing one comes from this server's own page (CSRF).
 */
export interface Gate {
  token: string;
  /** `host:port` values a request's Host header may carry. */
  hosts: Set<string>;
  /** The one Origin the page has: `http://127.0.0.1:PORT`. */
  origin: string;
  /** The cookie that carries the token; per port, as a browser sends 127.0.0.1's cookies to every port. */
  cookie: string;
  /**
   * The random path the page and its API live under (`/s/…/`), and the only path the cookie is sent to:
   * a cookie's Path is the one thing that keeps it from another site on 127.0.0.1 (cookies ignore the port).
   */
  prefix: string;
}

export type Verdict = { ok: true } | { ok: false; status: 401 | 403 | 421; reason: string };

export interface RequestFacts {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  cookieHeader: string | undefined;
  /** `Authorization: Bearer …`, for scripts that talk to the API without a browser. */
  authorization: string | undefined;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The names a request may reach a dashboard by besides the loopback ones: the address given with
 * --host, or for a wildcard every address of this machine (else a page opened from another machine,
 * which names one of them in Host, would be refused as a rebinding).
 */
export function reachableNames(host: string, interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces()): string[] {
  if (host === '127.0.0.1') return [];
  if (host !== '0.0.0.0' && host !== '::') return [host];
  // 0.0.0.0 takes IPv4 only; :: takes both.
  return Object.values(interfaces).flatMap((list) => (list ?? []).filter((i) => host === '::' || i.family === 'IPv4').map((i) => i.address));
}

export function makeGate(token: string, port: number, extraHosts: string[] = [], prefix = `/s/${randomBytes(12).toString('base64url')}/`): Gate {
  const names = ['127.0.0.1', 'localhost', '[::1]', ...extraHosts.map((h) => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h))];
  return { token, hosts: new Set(names.map((n) => `${n}:${port}`.toLowerCase())), origin: `http://127.0.0.1:${port}`, cookie: `devstack-ui-${port}`, prefix };
}

export function sameToken(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Host first (a rebinding page must learn nothing, not even that a token is wanted), then Origin, then the token. */
export function admit(gate: Gate, request: RequestFacts, options: { tokenFromUrl?: string } = {}): Verdict {
  if (!request.host || !gate.hosts.has(request.host.toLowerCase()))
    return { ok: false, status: 421, reason: 'this server answers only to its loopback address' };
  const origins = new Set([...gate.hosts].map((h) => `http://${h}`));
  if (request.origin !== undefined && !origins.has(request.origin.toLowerCase()))
    return { ok: false, status: 403, reason: 'requests from another site are refused' };
  if (!SAFE_METHODS.has(request.method) && request.origin === undefined)
    return { ok: false, status: 403, reason: 'a change must come from the dashboard page (no Origin header)' };
  const bearer = request.authorization?.startsWith('Bearer ') ? request.authorization.slice(7) : undefined;
  const given = options.tokenFromUrl ?? bearer ?? cookieValue(request.cookieHeader, gate.cookie);
  if (!sameToken(gate.token, given)) return { ok: false, status: 401, reason: 'a valid dashboard token is needed: open the link `devstack ui` printed' };
  return { ok: true };
}

/** Headers on every answer: nothing may frame the page, sniff types, cache data or learn the address it came from. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};
