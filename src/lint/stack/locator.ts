import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseYaml } from '../../config/parse.js';
import { Problems } from '../../config/problems.js';
import type { TreeNode } from '../../config/tree.js';
import type { Position } from '../finding.js';

export type KeyPath = Array<string | number>;
export type Locate = (path: KeyPath) => Position;

interface Reached {
  depth: number;
  at: Position;
}

function walk(tree: TreeNode, path: KeyPath): Reached {
  let node: TreeNode = tree;
  let reached: Reached = { depth: 0, at: { file: tree.at.file, line: 1, column: 1 } };
  for (const [i, step] of path.entries()) {
    if (typeof step === 'number' && node.kind === 'seq' && node.items[step]) {
      node = node.items[step];
      reached = { depth: i + 1, at: node.at };
    } else if (typeof step === 'string' && node.kind === 'map' && node.entries.has(step)) {
      const entry = node.entries.get(step)!;
      node = entry.value;
      // A scalar is pointed at where its value is written; anything larger at its key.
      reached = { depth: i + 1, at: node.kind === 'scalar' && i === path.length - 1 ? node.at : entry.keyAt };
    } else break;
  }
  return reached;
}

/**
 * StackSpec has no positions, so findings about it are placed by reading the stack files again:
 * the last file (in merge order) that writes the deepest part of the path wins, as it does in the merge.
 */
export async function stackLocator(files: string[]): Promise<Locate> {
  const trees: TreeNode[] = [];
  for (const file of files) {
    const tree = parseYaml(await readFile(file, 'utf8'), file, dirname(file), new Problems());
    if (tree) trees.push(tree);
  }
  return (path) => {
    let best: Reached = { depth: -1, at: { file: files.at(-1) ?? '', line: 1, column: 1 } };
    for (const tree of trees) {
      const reached = walk(tree, path);
      if (reached.depth >= best.depth) best = reached;
    }
    return { file: best.at.file, line: best.at.line, column: best.at.column };
  };
}
