import { posix, resolve } from 'node:path';
import type { WatchAction, WatchRule } from '../model/stack.js';
import { didYouMean } from '../model/did-you-mean.js';
import type { Context } from './read-context.js';
import { readKeyed } from './keyed.js';
import { checkKeys, readBool, readMap, readString, wrongType } from './readers.js';
import { readCommand, readStringList } from './service-fields.js';
import { childPath, itemPath, type MapNode, type TreeNode } from './tree.js';

const ACTIONS: WatchAction[] = ['sync', 'rebuild', 'sync+restart', 'sync+exec'];
const RULE_KEYS = ['path', 'action', 'target', 'ignore', 'initial_sync', 'exec'];

/** `develop:` on a service: its `watch` rules, checked with positions. Other keys are Compose's and kept as written. */
export function readWatch(node: TreeNode, path: string, ctx: Context): WatchRule[] | undefined {
  const develop = readMap(node, path, ctx);
  if (!develop) return undefined;
  checkKeys(develop, path, ['watch'], ctx);
  const watch = develop.entries.get('watch')?.value;
  if (!watch) return undefined;
  const watchPath = childPath(path, 'watch');
  if (watch.kind !== 'seq') return wrongType(watch, watchPath, 'a list of rules', ctx);
  const rules = watch.items.map((item, i) => readRule(item, itemPath(watchPath, i), ctx));
  return rules.filter((rule): rule is WatchRule => rule !== undefined);
}

function readRule(node: TreeNode, path: string, ctx: Context): WatchRule | undefined {
  const map = readMap(node, path, ctx);
  if (!map) return undefined;
  checkKeys(map, path, RULE_KEYS, ctx);
  const field = (key: string) => map.entries.get(key)?.value;
  const text = (key: string) => {
    const value = field(key);
    return value && readString(value, childPath(path, key), ctx);
  };
  const action = readAction(map, path, ctx);
  const hostPath = text('path');
  if (field('path') === undefined)
    ctx.problems.add(map.at, path, 'a watch rule needs path:', 'write the folder or file to watch, relative to this file, e.g. path: ./src');
  const target = text('target');
  const syncs = action !== undefined && action !== 'rebuild';
  if (syncs && field('target') === undefined) {
    ctx.problems.add(map.at, path, `action ${action} needs target:`, 'write where the files go in the container, e.g. target: /app/src');
  }
  if (target !== undefined && !posix.isAbsolute(target)) {
    ctx.problems.add(
      field('target')!.at,
      childPath(path, 'target'),
      `target "${target}" is not an absolute container path`,
      `write it from the container's root, e.g. /app/${target.replace(/^\.?\/*/, '')}`,
    );
  }
  const exec = readExec(map, path, action, ctx);
  const ignoreNode = field('ignore');
  const ignore = ignoreNode ? readStringList(ignoreNode, childPath(path, 'ignore'), ctx) : [];
  const initialNode = field('initial_sync');
  const initialSync = initialNode ? readBool(initialNode, childPath(path, 'initial_sync'), ctx) : false;
  if (action === undefined || hostPath === undefined || ignore === undefined) return undefined;
  if (syncs && (target === undefined || !posix.isAbsolute(target))) return undefined;
  if (action === 'sync+exec' && !exec) return undefined;
  return {
    action,
    path: resolve(field('path')!.at.dir, hostPath),
    ...(syncs ? { target: posix.normalize(target!).replace(/(.)\/+$/, '$1') } : {}),
    ignore,
    initialSync: initialSync ?? false,
    ...(exec ? { exec } : {}),
    at: { file: map.at.file, line: map.at.line, column: map.at.column },
  };
}

function readAction(map: MapNode, path: string, ctx: Context): WatchAction | undefined {
  const node = map.entries.get('action')?.value;
  if (!node) return void ctx.problems.add(map.at, path, 'a watch rule needs action:', `use one of ${ACTIONS.join(', ')}`);
  const action = readString(node, childPath(path, 'action'), ctx);
  if (action === undefined) return undefined;
  if ((ACTIONS as string[]).includes(action)) return action as WatchAction;
  ctx.problems.add(node.at, childPath(path, 'action'), `unknown watch action "${action}"`, didYouMean(action, ACTIONS) ?? `use one of ${ACTIONS.join(', ')}`);
  return undefined;
}

function readExec(map: MapNode, path: string, action: WatchAction | undefined, ctx: Context): WatchRule['exec'] {
  const node = map.entries.get('exec')?.value;
  const execPath = childPath(path, 'exec');
  if (!node) {
    if (action === 'sync+exec')
      ctx.problems.add(map.at, path, 'action sync+exec needs exec: {command: ...}', 'add exec: {command: ["kill", "-HUP", "1"]}, or use action: sync+restart');
    return undefined;
  }
  if (action !== undefined && action !== 'sync+exec') {
    ctx.problems.add(
      map.entries.get('exec')!.keyAt,
      execPath,
      `exec: only applies to action sync+exec, not ${action}`,
      'remove exec:, or change the action to sync+exec',
    );
  }
  const exec = readMap(node, execPath, ctx);
  if (!exec) return undefined;
  checkKeys(exec, execPath, ['command', 'user', 'working_dir', 'environment', 'privileged'], ctx);
  const commandNode = exec.entries.get('command')?.value;
  if (!commandNode) return void ctx.problems.add(exec.at, execPath, 'exec: needs command:', 'e.g. command: ["kill", "-HUP", "1"]');
  const command = readCommand(commandNode, childPath(execPath, 'command'), ctx);
  const text = (key: string) => {
    const value = exec.entries.get(key)?.value;
    return value && readString(value, childPath(execPath, key), ctx);
  };
  const user = text('user');
  const workingDir = text('working_dir');
  const privilegedNode = exec.entries.get('privileged')?.value;
  const privileged = privilegedNode ? readBool(privilegedNode, childPath(execPath, 'privileged'), ctx) : undefined;
  const envNode = exec.entries.get('environment')?.value;
  const environment = envNode ? readKeyed(envNode, childPath(execPath, 'environment'), ctx, ctx.lookup) : {};
  if (!command?.length) return undefined;
  return {
    command,
    ...(user !== undefined ? { user } : {}),
    ...(workingDir !== undefined ? { workingDir } : {}),
    environment,
    ...(privileged ? { privileged } : {}),
  };
}
