import { AsyncLocalStorage } from 'node:async_hooks';
import { currentRun } from './run-context.js';

/**
 * The one place devstack writes to its own process's streams: what a command gives back (its result,
 * text or JSON) on stdout, what it says along the way (notes, warnings, progress in plain lines) on
 * stderr, so that `devstack status --json | jq` reads only the result. The renderers in src/ui draw
 * through here as well. Everything is masked here, through the run's secret registry, so no caller can
 * forget to; `config --no-mask` is the one caller that asks for clear text.
 */

/** Where a run's output goes instead of the process's streams: a dashboard action's goes to its page. */
export interface RunOutput {
  /** Result text (the URL table, how to attach a debugger, --json results). */
  print(text: string): void;
  /** What the run says along the way, its progress and a wait for the project lock included, as plain lines. */
  progress: (line: string) => void;
}

const elsewhere = new AsyncLocalStorage<RunOutput>();

/** Runs work with its results and lines written to `output` instead of stdout and stderr, with the current run's secrets. */
export function withOutput<T>(output: RunOutput, work: () => Promise<T>): Promise<T> {
  return elsewhere.run(output, work);
}

/** True under withOutput: there is no terminal to draw a task tree in, so progress goes as plain lines. */
export function outputRedirected(): boolean {
  return elsewhere.getStore() !== undefined;
}

/** True when a result printed now lands on a terminal's screen, where anyone near it reads it. */
export function resultsOnScreen(): boolean {
  return !outputRedirected() && Boolean(process.stdout.isTTY);
}

export interface PrintOptions {
  /** False only for `config --no-mask`, which the user asked to print what will run. */
  mask?: boolean;
}

/** Result text as it is, newlines included, on stdout (or where withOutput sends it). */
export function printText(text: string, { mask = true }: PrintOptions = {}): void {
  const shown = mask ? currentRun().secrets.mask(text) : text;
  const output = elsewhere.getStore();
  if (output) output.print(shown);
  else process.stdout.write(shown);
}

/** One line of the result, on stdout. */
export function print(line: string, options?: PrintOptions): void {
  printText(`${line}\n`, options);
}

/**
 * A JSON result on stdout: one line (an event of a JSON-lines stream), or indented when `pretty`. The
 * value is masked before it is serialised, so that quoting cannot hide a secret and a secret-named
 * variable is masked whole.
 */
export function printJson(value: unknown, { pretty = false, mask = true }: { pretty?: boolean } & PrintOptions = {}): void {
  const shown = mask ? currentRun().secrets.maskData(value) : value;
  printText(`${pretty ? JSON.stringify(shown, null, 2) : JSON.stringify(shown)}\n`, { mask });
}

/** A line for the person running the command, on stderr (or where withOutput sends it). */
export function say(line: string): void {
  const shown = currentRun().secrets.mask(line);
  const output = elsewhere.getStore();
  if (output) output.progress(shown);
  else process.stderr.write(`${shown}\n`);
}
