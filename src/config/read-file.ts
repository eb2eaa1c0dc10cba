import { readFile, stat } from 'node:fs/promises';
import type { Problems } from './problems.js';
import { fileLevel } from './problems.js';

/** Stack files are small; anything bigger is a mistake or an attack on the parser. */
const MAX_BYTES = 5 * 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; missing: boolean };

/** Reads a text file, reporting every failure except a missing file, which each caller words itself. */
export async function readText(file: string, problems: Problems): Promise<ReadResult> {
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      problems.add(fileLevel(file), '', `${file} is not a file`);
      return { ok: false, missing: false };
    }
    if (info.size > MAX_BYTES) {
      problems.add(fileLevel(file), '', `${file} is ${info.size} bytes; stack files may be at most 5 MiB`);
      return { ok: false, missing: false };
    }
    const bytes = await readFile(file);
    if (bytes.includes(0)) {
      problems.add(fileLevel(file), '', `${file} contains NUL bytes; it does not look like a text file`);
      return { ok: false, missing: false };
    }
    return { ok: true, text: bytes.toString('utf8').replace(/^\uFEFF/, '') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, missing: true };
    problems.add(fileLevel(file), '', `cannot read ${file}: ${code ?? String(error)}`);
    return { ok: false, missing: false };
  }
}
