/**
 * The positional words as typed, in order. oclif's own `argv` sorts them by where each word first
 * appears on the line, which scrambles a command that repeats a word (`exec db -- echo -p db`);
 * its `raw` tokens keep the true order.
 */
export function positionalWords(raw: ReadonlyArray<{ type: string; input: string }>): string[] {
  return raw.filter((token) => token.type === 'arg').map((token) => token.input);
}
