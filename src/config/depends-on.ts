import type { Dependency, DependencyCondition } from '../model/stack.js';
import type { Context } from './read-context.js';
import { didYouMean } from '../model/did-you-mean.js';
import { checkKeys, readBool, readString, wrongType } from './readers.js';
import { childPath, isNull, itemPath, type Origin, type TreeNode } from './tree.js';

const CONDITIONS: DependencyCondition[] = ['service_started', 'service_healthy', 'service_completed_successfully'];

/** Where a dependency was written, for the stack-wide checks (unknown services, cycles). */
export interface DependencyRef {
  service: string;
  at: Origin;
  path: string;
}

export function readDependsOn(node: TreeNode, path: string, ctx: Context): { dependsOn: Record<string, Dependency>; refs: DependencyRef[] } {
  const dependsOn: Record<string, Dependency> = {};
  const refs: DependencyRef[] = [];
  const add = (service: string, at: Origin, refPath: string, dependency: Dependency) => {
    dependsOn[service] = dependency;
    refs.push({ service, at, path: refPath });
  };
  if (node.kind === 'seq') {
    node.items.forEach((item, i) => {
      const service = readString(item, itemPath(path, i), ctx);
      if (service !== undefined) add(service, item.at, itemPath(path, i), { condition: 'service_started', restart: false, required: true });
    });
  } else if (node.kind === 'map') {
    for (const { key, keyAt, value } of node.entries.values()) {
      const dependency = readDependency(value, childPath(path, key), ctx);
      if (dependency) add(key, keyAt, childPath(path, key), dependency);
    }
  } else if (!isNull(node)) {
    wrongType(node, path, 'a list or a mapping', ctx);
  }
  return { dependsOn, refs };
}

function readDependency(node: TreeNode, path: string, ctx: Context): Dependency | undefined {
  const dependency: Dependency = { condition: 'service_started', restart: false, required: true };
  if (isNull(node)) return dependency;
  if (node.kind !== 'map') return wrongType(node, path, 'a mapping', ctx);
  checkKeys(node, path, ['condition', 'restart', 'required'], ctx);
  const field = (key: string) => node.entries.get(key)?.value;
  const conditionNode = field('condition');
  const condition = conditionNode && readString(conditionNode, childPath(path, 'condition'), ctx);
  if (conditionNode && condition !== undefined && !CONDITIONS.includes(condition as DependencyCondition)) {
    ctx.problems.add(
      conditionNode.at,
      childPath(path, 'condition'),
      `unknown condition "${condition}"`,
      didYouMean(condition, CONDITIONS) ?? `use ${CONDITIONS.join(', ')}`,
    );
    return undefined;
  }
  if (condition !== undefined) dependency.condition = condition as DependencyCondition;
  for (const key of ['restart', 'required'] as const) {
    const value = field(key);
    const flag = value && readBool(value, childPath(path, key), ctx);
    if (flag !== undefined) dependency[key] = flag;
  }
  return dependency;
}
