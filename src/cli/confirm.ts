import { createInterface } from 'node:readline';
import { say } from '../ui/output.js';

/** A person can be asked: stdin and stderr, where the question goes, are both a terminal. */
export function canAsk(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/** Asks a yes/no question on the terminal; anything but y or yes, Ctrl-C and Ctrl-D included, is no. */
export function confirm(question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    let answered = false;
    rl.on('SIGINT', () => rl.close());
    rl.on('close', () => {
      if (!answered) say('');
      resolve(false);
    });
    rl.question(`${question} [y/N] `, (answer) => {
      answered = true;
      resolve(/^y(es)?$/i.test(answer.trim()));
      rl.close();
    });
  });
}
