import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Dockerfile's `# syntax=IMAGE` parser directive, with where it is written. Directives only count
 * before the first instruction or ordinary comment, as BuildKit reads them; undefined when there is none.
 */
export function syntaxDirective(context: string, dockerfile: string): { image: string; where: string } | undefined {
  const path = join(context, dockerfile);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const directive = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line);
    if (!directive) return undefined;
    if (directive[1]!.toLowerCase() === 'syntax') return { image: directive[2]!, where: `${path}:${i + 1}` };
  }
  return undefined;
}
