/** A flag's old names, as its `aliases` keep them working: each one used is told its new name. */
interface FlagNames {
  aliases?: string[];
  allowNo?: boolean;
}

/**
 * A notice for each old spelling on the command line (its `--no-` form too), up to a `--`, after which
 * words belong to the program a command runs. Every alias we declare is a rename kept for one release.
 */
export function renamedFlagNotices(argv: readonly string[], flags: Record<string, FlagNames>): string[] {
  const end = argv.indexOf('--');
  const words = end === -1 ? argv : argv.slice(0, end);
  const notices: string[] = [];
  for (const [name, flag] of Object.entries(flags)) {
    for (const alias of flag.aliases ?? []) {
      for (const [old, now] of [[`--${alias}`, `--${name}`], ...(flag.allowNo ? [[`--no-${alias}`, `--no-${name}`]] : [])] as const) {
        if (words.some((w) => w === old || w.startsWith(`${old}=`))) notices.push(`notice: ${old} is now ${now}; the old spelling goes in the next release.`);
      }
    }
  }
  return notices;
}
