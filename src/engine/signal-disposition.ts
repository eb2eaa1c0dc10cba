import { constants } from 'node:os';
import { readFile } from 'node:fs/promises';

/**
 * Whether a process on this host catches a signal, read from the SigCgt mask in /proc/PID/status.
 * The kernel drops signals with the default disposition that are sent to a PID namespace's init,
 * so a container whose PID 1 does not catch its stop signal will never act on it: waiting out the
 * grace period then only wastes the user's time. Undefined when it cannot be known (remote engine,
 * another OS, the process gone).
 */
export async function catchesSignal(pid: number, signal: string): Promise<boolean | undefined> {
  const name = (signal.startsWith('SIG') ? signal : `SIG${signal}`) as keyof typeof constants.signals;
  const number = /^\d+$/.test(signal) ? Number(signal) : constants.signals[name];
  if (!number || pid <= 0) return undefined;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(status)?.[1];
    if (!mask) return undefined;
    return ((BigInt(`0x${mask}`) >> BigInt(number - 1)) & 1n) === 1n;
  } catch {
    return undefined;
  }
}
