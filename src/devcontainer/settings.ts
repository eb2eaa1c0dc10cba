import { join, relative } from 'node:path';
import type { StackSpec } from '../model/stack.js';
import { isSecretName } from '../model/secret-names.js';
import { networkName } from '../plan/names.js';
import { SecretRegistry } from '../ui/secret-registry.js';

export type DevcontainerSettings = Record<string, unknown>;

function posix(path: string): string {
  return path.split('\\').join('/') || '.';
}

/** Where the project's folder appears inside the service: from its bind mount of (part of) the project, else its working dir. */
function workspaceTarget(stack: StackSpec, service: string): string {
  const spec = stack.services[service]!;
  for (const mount of spec.volumes) {
    if (mount.type !== 'bind') continue;
    const rel = posix(relative(stack.projectDir, mount.source));
    if (rel === '.') return mount.target;
    if (!rel.startsWith('..') && mount.target.endsWith(`/${rel}`)) return mount.target.slice(0, -rel.length - 1) || '/';
  }
  return spec.workingDir ?? '/workspace';
}

/**
 * Pure: the devcontainer.json keys devstack owns for one service. VS Code builds the service's image itself,
 * joins the stack's network after `devstack up` has brought the service's dependencies up and healthy, and
 * mounts the project where the stack mounts it. Secret values stay out of the file: they come from .env at up.
 */
export function devcontainerSettings(stack: StackSpec, service: string): DevcontainerSettings {
  const spec = stack.services[service]!;
  const here = join(stack.projectDir, '.devcontainer');
  const files = stack.files.filter((f) => f.startsWith(stack.projectDir)).map((f) => posix(relative(stack.projectDir, f)));
  const dependencies = Object.keys(spec.dependsOn);
  // The project name fixes the network's name, whatever folder the clone is in.
  const stackFlags = [...files.flatMap((f) => ['-f', f]), '-p', stack.name];
  const workspace = workspaceTarget(stack, service);
  // Secret by the same rule as every printout: by its name (whatever its length), a URL password, a secret's value.
  const secrets = new SecretRegistry();
  secrets.add(stack.secretValues);
  const secret = (name: string, value: string) => isSecretName(name) || secrets.mask(value) !== value;
  const env = Object.fromEntries(Object.entries(spec.environment).filter(([name, value]) => !secret(name, value)));
  const ports = [
    ...new Set([
      ...spec.ports.map((p) => p.containerPort),
      ...dependencies.flatMap((d) => (stack.services[d]?.ports ?? []).map((p) => `${d}:${p.containerPort}`)),
    ]),
  ];
  const build = spec.build;
  return {
    name: `${stack.name}: ${service}`,
    ...(build
      ? {
          build: {
            dockerfile: posix(relative(here, join(build.context, build.dockerfile))),
            context: posix(relative(here, build.context)),
            ...(build.target ? { target: build.target } : {}),
            // A build needs its secret args (a registry token), so they stay, read from the host's environment when VS Code builds.
            ...(Object.keys(build.args).length
              ? { args: Object.fromEntries(Object.entries(build.args).map(([name, value]) => [name, secret(name, value) ? `\${localEnv:${name}}` : value])) }
              : {}),
          },
        }
      : { image: spec.image }),
    ...(dependencies.length
      ? { initializeCommand: ['devstack', 'up', ...dependencies, ...stackFlags].join(' '), runArgs: [`--network=${networkName(stack)}`] }
      : {}),
    workspaceMount: `source=\${localWorkspaceFolder},target=${workspace},type=bind`,
    workspaceFolder: workspace,
    forwardPorts: ports,
    ...(Object.keys(env).length ? { containerEnv: env } : {}),
    customizations: { devstack: { project: stack.name, service, stackFiles: files } },
  };
}
