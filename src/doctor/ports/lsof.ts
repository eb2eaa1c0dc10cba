import { execFile } from 'node:child_process';
import type { ProcessHolder } from './holders.js';

/** `lsof -F pc` prints one field a line: `p<pid>`, then `c<command>` for that process. */
export function parseLsof(text: string): ProcessHolder | undefined {
  let pid: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('p')) pid = Number(line.slice(1));
    else if (line.startsWith('c') && pid !== undefined) return { pid, command: line.slice(1) || '?' };
  }
  return pid === undefined ? undefined : { pid, command: '?' };
}

/** Where there is no /proc (macOS, BSD), lsof names the process bound to a port; undefined without lsof or an answer. */
export function lsofHolder(port: number, protocol: 'tcp' | 'udp'): Promise<ProcessHolder | undefined> {
  const args = protocol === 'tcp' ? ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc'] : ['-nP', `-iUDP:${port}`, '-Fpc'];
  return new Promise((resolve) => {
    execFile('lsof', args, { timeout: 2000 }, (error, stdout) => resolve(error && !stdout ? undefined : parseLsof(stdout)));
  });
}
