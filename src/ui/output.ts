/**
 * The one place devstack writes to its own process's streams: what a command gives back (its result,
 * text or JSON) on stdout, what it says along the way (notes, warnings, progress in plain lines) on
 * stderr, so that `devstack status --json | jq` reads only the result. The renderers in src/ui draw
 * through here as well.
 */

/** One line of the result, on stdout. */
export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** A JSON result on stdout: one line (an event of a JSON-lines stream), or indented when `pretty`. */
export function printJson(value: unknown, { pretty = false }: { pretty?: boolean } = {}): void {
  process.stdout.write(`${pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value)}\n`);
}

/** A line for the person running the command, on stderr. */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}
