import { basename } from 'node:path';
import type { Context } from './read-context.js';
import { fileLevel } from './problems.js';
import { readString } from './readers.js';
import type { MapNode } from './tree.js';

const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const HINT = 'use lower-case letters, digits, - and _, starting with a letter or digit';

/** `-p`, else `name:`, else the project folder's name made valid, as Compose does. */
export function projectName(option: string | undefined, root: MapNode, projectDir: string, ctx: Context, from = '-p'): string {
  if (option !== undefined) {
    if (!PROJECT_NAME.test(option))
      ctx.problems.add(fileLevel(from === '-p' ? '(command line)' : '(environment)'), from, `invalid project name "${option}"`, HINT);
    return option;
  }
  const node = root.entries.get('name')?.value;
  const written = node && readString(node, 'name', ctx);
  if (node && written !== undefined) {
    if (!PROJECT_NAME.test(written)) ctx.problems.add(node.at, 'name', `invalid project name "${written}"`, HINT);
    return written;
  }
  const derived = derivedProjectName(projectDir);
  if (!derived) {
    ctx.problems.add(
      fileLevel(projectDir),
      'name',
      `cannot derive a project name from the folder "${basename(projectDir)}"`,
      'add name: to the stack file, or pass -p NAME',
    );
  }
  return derived;
}

/** The project name a folder gives when nothing names one: its name made valid, as Compose does. */
export function derivedProjectName(projectDir: string): string {
  return basename(projectDir)
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[-_]+/, '');
}
