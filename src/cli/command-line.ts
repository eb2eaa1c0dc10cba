import type { StackFlags } from './load-stack.js';

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A devstack command the user can paste as it is: the same -f and -p they gave, so it acts on the same stack. */
export function commandLine(flags: StackFlags, ...words: string[]): string {
  const stackFlags = [...(flags.file ?? []).flatMap((file) => ['-f', file]), ...(flags['project-name'] ? ['-p', flags['project-name']] : [])];
  return ['devstack', ...words, ...stackFlags].map(quote).join(' ');
}
