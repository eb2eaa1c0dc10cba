import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { StackSpec } from '../../model/stack.js';
import { dockerfileTarget, stageNames } from '../../lint/dockerfile/target.js';
import { fail, ok, type Outcome } from '../outcome.js';

/** What stops a build before it starts: a missing context or Dockerfile, or a target stage the Dockerfile lacks. */
async function problemOf(stack: StackSpec, name: string): Promise<Outcome | undefined> {
  const build = stack.services[name]!.build!;
  const shown = (path: string) => relative(stack.projectDir, path) || '.';
  if (!existsSync(build.context))
    return fail('dockerfiles', `service ${name} builds in ${shown(build.context)}, which does not exist`, 'create the folder, or correct build.context');
  const file = join(build.context, build.dockerfile);
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) {
    return fail(
      'dockerfiles',
      `service ${name} builds from ${shown(file)}, which does not exist`,
      build.dockerfile === 'Dockerfile'
        ? 'write one (`devstack init` does, for a Node, Go or Python project that has none), or set build.dockerfile'
        : `create ${shown(file)}, or correct build.dockerfile`,
    );
  }
  if (build.target) {
    if (!stageNames(dockerfileTarget(file, text, [])).includes(build.target.toLowerCase()))
      return fail(
        'dockerfiles',
        `service ${name} builds stage ${build.target} of ${shown(file)}, which has no such stage`,
        `add \`FROM … AS ${build.target}\` to it, or correct build.target`,
      );
  }
  return undefined;
}

/** Each service with build: can start building: `up` would otherwise stop there. */
export async function checkDockerfiles(stack: StackSpec): Promise<Outcome[]> {
  const built = Object.values(stack.services)
    .filter((s) => s.build)
    .map((s) => s.name);
  if (!built.length) return [];
  const problems = (await Promise.all(built.map((name) => problemOf(stack, name)))).filter((p): p is Outcome => p !== undefined);
  return problems.length
    ? problems
    : [
        ok(
          'dockerfiles',
          `the ${built.length === 1 ? 'Dockerfile' : `${built.length} Dockerfiles`} of ${built.join(', ')} ${built.length === 1 ? 'is' : 'are'} there, with the stages named`,
        ),
      ];
}
