import { spawn } from 'node:child_process';
import { bin } from './helpers.js';

export interface PtyRun {
  /** Everything the terminal showed so far, escape sequences included. */
  screen: () => string;
  /** Types into the terminal: '\x03' is Ctrl-C, delivered by the terminal as a person's would be. */
  type: (keys: string) => void;
  done: Promise<{ code: number | null; screen: string }>;
}

/** A person's terminal: no CI marker, colours allowed. */
function terminalEnv(): Record<string, string> {
  const { CI: _ci, NO_COLOR: _noColor, ...rest } = process.env;
  return { ...(rest as Record<string, string>), TERM: 'xterm-256color' };
}

function quote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * Runs the built CLI inside a pseudo-terminal of 160x45 (util-linux `script`; node-pty needs a native
 * build this machine's CI cannot count on), as a person at a terminal would: stdin, stdout and stderr
 * are the terminal, Ctrl-C reaches the process through the terminal's line discipline.
 */
export function inTerminal(args: string[], cwd: string, env: Record<string, string> = {}): PtyRun {
  const command = `stty cols 160 rows 45; exec ${quote(process.execPath)} ${quote(bin)} ${args.map(quote).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd,
    env: { ...terminalEnv(), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout!.on('data', (d: Buffer) => (screen += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (screen += d.toString()));
  const done = new Promise<{ code: number | null; screen: string }>((resolve) => child.on('close', (code) => resolve({ code, screen })));
  return { screen: () => screen, type: (keys) => child.stdin!.write(keys), done };
}

/** The terminal's text without colours and cursor movement, for assertions on what a person reads. */
export function plainText(screen: string): string {
  return screen.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r/g, '');
}
