import { applyEdits, findNodeAtLocation, modify, parse, parseTree, type ParseError } from 'jsonc-parser';
import type { DevcontainerSettings } from './settings.js';

export class DevcontainerJsonError extends Error {}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };
/** Keys devstack writes that exclude one another: a file switches from image to build (or back) cleanly. */
const EXCLUSIVE = [['build', 'image']];

/**
 * Removes one top-level property and its comma, and nothing else: jsonc-parser's own removal takes everything up
 * to the next property, comments the user wrote there included. A trailing comma it may leave is valid JSONC.
 */
function removeProperty(text: string, key: string): string {
  const property = findNodeAtLocation(parseTree(text)!, [key])?.parent;
  if (!property) return text;
  let start = property.offset;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start -= 1;
  let end = property.offset + property.length;
  const rest = /^[ \t]*,?[ \t]*\r?\n?/.exec(text.slice(end))![0];
  end += rest.length;
  return text.slice(0, start) + text.slice(end);
}

/**
 * Pure: devcontainer.json with devstack's keys written in. Each of our keys is replaced in place; every other key,
 * comment and trailing comma of the user's stays as written. Under `customizations`, only `devstack` is ours.
 */
export function mergeDevcontainerJson(text: string | undefined, settings: DevcontainerSettings): string {
  if (text === undefined || !text.trim()) {
    return `// Written by \`devstack devcontainer\`: it rewrites the keys it owns and keeps everything else you add.\n${JSON.stringify(settings, null, 2)}\n`;
  }
  const errors: ParseError[] = [];
  const tree = parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as unknown;
  if (errors.length || !tree || typeof tree !== 'object' || Array.isArray(tree)) throw new DevcontainerJsonError('it is not a JSON object (with comments)');
  const existing = tree as Record<string, unknown>;
  let out = text;
  for (const group of EXCLUSIVE) {
    for (const key of group) if (!(key in settings) && key in existing && group.some((other) => other in settings)) out = removeProperty(out, key);
  }
  for (const [key, value] of Object.entries(settings)) {
    const path = key === 'customizations' && existing.customizations && typeof existing.customizations === 'object' ? ['customizations', 'devstack'] : [key];
    const written = path.length === 2 ? (value as { devstack: unknown }).devstack : value;
    out = applyEdits(out, modify(out, path, written, FORMAT));
  }
  return out;
}
