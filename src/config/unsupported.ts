import type { UnsupportedKey } from './read-context.js';
import type { Problems } from './problems.js';

/** `--strict`: each Compose key devstack reads past is an error (exit 2). */
export function reportUnsupported(keys: UnsupportedKey[], problems: Problems): void {
  for (const { at, path, note } of distinct(keys)) {
    const network = /^networks\.([^.]+)$/.exec(path)?.[1];
    const what = note
      ? `${note} is not supported by devstack`
      : network
        ? `network "${network}" is not supported by devstack (every service joins the project's default network)`
        : `Compose key "${path.split('.').pop()}" is not supported by devstack`;
    problems.add(at, path, what, 'remove it, or run without --strict to ignore it with a warning');
  }
}

/** Otherwise one warning names them all with file:line:column, so nothing is dropped silently. */
export function warnUnsupported(all: UnsupportedKey[], warn: ((message: string) => void) | undefined): void {
  const keys = distinct(all);
  if (keys.length === 0) return;
  const sorted = [...keys].sort((a, b) => (a.at.file < b.at.file ? -1 : a.at.file > b.at.file ? 1 : a.at.line - b.at.line));
  const list = sorted.map(({ at, path, note }) => `  ${path}${note ? ` ${note}` : ''} (${at.file}:${at.line}:${at.column})`).join('\n');
  warn?.(
    `warning: ${keys.length} Compose setting${keys.length === 1 ? ' is' : 's are'} not supported by devstack and will be ignored:\n${list}\nhint: devstack config --strict turns this into an error`,
  );
}

/** A key written once is named once, even when two services inherit it through `extends:`. */
function distinct(keys: UnsupportedKey[]): UnsupportedKey[] {
  const byPlace = new Map<string, UnsupportedKey>();
  for (const key of keys) {
    const place = `${key.at.file}:${key.at.line}:${key.at.column}:${key.note ?? ''}`;
    if (!byPlace.has(place)) byPlace.set(place, key);
  }
  return [...byPlace.values()];
}
