import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';

/** A /proc line for a socket: address as the kernel prints it (hex, host order), state, inode. */
export function procNetLine(slot: number, address: string, state: string, inode: number): string {
  return `   ${slot}: ${address} 00000000:0000 ${state} 00000000:00000000 00:00000000 00000000  1000        0 ${inode} 1 0000000000000000 100 0 0 10 0`;
}

export interface FakeProcess {
  pid: number;
  argv: string[];
  /** fd number → link target, e.g. `socket:[123]` or `anon_inode:inotify`. */
  fds?: Record<number, string>;
  /** fd number → /proc/<pid>/fdinfo/<fd> text. */
  fdinfo?: Record<number, string>;
}

/** A throwaway folder laid out like the parts of /proc the doctor reads. */
export function fakeProc(spec: { tcp?: string[]; tcp6?: string[]; processes?: FakeProcess[]; maxUserWatches?: number }): string {
  const root = mkdtempSync(join(tmpdir(), 'devstack-proc-'));
  mkdirSync(join(root, 'net'));
  if (spec.tcp) writeFileSync(join(root, 'net/tcp'), [HEADER, ...spec.tcp].join('\n'));
  if (spec.tcp6) writeFileSync(join(root, 'net/tcp6'), [HEADER, ...spec.tcp6].join('\n'));
  for (const p of spec.processes ?? []) {
    mkdirSync(join(root, String(p.pid), 'fd'), { recursive: true });
    mkdirSync(join(root, String(p.pid), 'fdinfo'));
    writeFileSync(join(root, String(p.pid), 'cmdline'), `${p.argv.join('\0')}\0`);
    for (const [fd, target] of Object.entries(p.fds ?? {})) symlinkSync(target, join(root, String(p.pid), 'fd', fd));
    for (const [fd, text] of Object.entries(p.fdinfo ?? {})) writeFileSync(join(root, String(p.pid), 'fdinfo', fd), text);
  }
  if (spec.maxUserWatches !== undefined) {
    mkdirSync(join(root, 'sys/fs/inotify'), { recursive: true });
    writeFileSync(join(root, 'sys/fs/inotify/max_user_watches'), `${spec.maxUserWatches}\n`);
  }
  return root;
}
