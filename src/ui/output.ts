import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The one place devstack writes to its own process's streams: what a command gives back (its result,
 * text or JSON) on stdout, what it says along the way (notes, warnings, progress in plain lines) on
 * stderr, so that `devstack status --json | jq` reads only the result. The renderers in src/ui draw
 * through here as well.
 */

/** Where results go instead of stdout, for work run under printingTo (a dashboard action's go to its page). */
const elsewhere = new AsyncLocalStorage<(text: string) => void>();

/** Runs work with its results (print, printJson, printText) written by `write` instead of to stdout. */
export function printingTo<T>(write: (text: string) => void, work: () => Promise<T>): Promise<T> {
  return elsewhere.run(write, work);
}

/** Result text as it is, newlines included, on stdout (or where printingTo sends it). */
export function printText(text: string): void {
  const write = elsewhere.getStore();
  if (write) write(text);
  else process.stdout.write(text);
}

/** One line of the result, on stdout. */
export function print(line: string): void {
  printText(`${line}\n`);
}

/** A JSON result on stdout: one line (an event of a JSON-lines stream), or indented when `pretty`. */
export function printJson(value: unknown, { pretty = false }: { pretty?: boolean } = {}): void {
  printText(`${pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value)}\n`);
}

/** A line for the person running the command, on stderr. */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}
