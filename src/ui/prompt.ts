import { createInterface } from 'node:readline';
import { say } from './output.js';

/**
 * The one place devstack asks a person something: the question goes to stderr, so that a command's
 * result on stdout stays clean to pipe, and the answer comes from the terminal.
 */

/** A person can be asked: stdin and stderr, where the question goes, are both a terminal. */
export function canAsk(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/** Asks for one line; Ctrl-C or Ctrl-D answers with undefined. */
export function ask(question: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    let answer: string | undefined;
    rl.on('SIGINT', () => rl.close());
    rl.on('close', () => {
      if (answer === undefined) say('');
      resolve(answer);
    });
    rl.question(question, (line) => {
      answer = line;
      rl.close();
    });
  });
}

/** Asks a yes/no question; anything but y or yes, Ctrl-C and Ctrl-D included, is no. */
export async function confirm(question: string): Promise<boolean> {
  return /^y(es)?$/i.test((await ask(`${question} [y/N] `))?.trim() ?? '');
}
