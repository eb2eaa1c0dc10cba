import { LineCounter, parseDocument } from 'yaml';
import type { Problems } from './problems.js';
import { toTree } from './to-tree.js';
import type { TreeNode } from './tree.js';

/** YAML text to a positioned tree; undefined when the file has YAML errors (they are reported). */
export function parseYaml(text: string, file: string, dir: string, problems: Problems): TreeNode | undefined {
  const lineCounter = new LineCounter();
  const where = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col, dir };
  };
  try {
    // prettyErrors builds a regular expression from the source line, which runs out of memory on long lines.
    const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: true });
    for (const error of doc.errors) problems.add(where(error.pos[0]), '', `YAML: ${error.message}`);
    if (doc.errors.length > 0) return undefined;
    return toTree(doc.contents, where, problems);
  } catch (error) {
    problems.add(where(0), '', `YAML: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
