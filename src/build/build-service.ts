import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BuildDockerfileMissingError, BuildSecretMissingError } from '../errors.js';
import { LABEL_PROJECT, LABEL_PROJECT_DIR, LABEL_TARGET, type BuildLineEvent, type BuildOptions, type BuildResult, type Engine } from '../engine/types.js';
import type { BuilderChoice, BuildSpec, StackSpec } from '../model/stack.js';
import { imageFor } from '../plan/desired-container.js';
import { buildContext } from './pack-context.js';
import { agentFor, type AgentSocket } from './forwarded-agent.js';
import { mountsSessionData, syntaxDirective, usesHeredoc } from './syntax-directive.js';

/** The Dockerfile's text, or '' when it cannot be read (the engine then says what is wrong). */
function readDockerfile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export interface BuildRequest {
  /** A Dockerfile stage instead of the service's build.target (or the final stage). */
  target?: string;
  noCache?: boolean;
  pull?: boolean;
  /** `--builder`: over the build's own `x-devstack.builder`. */
  builder?: BuilderChoice;
  /** Cancels the build on the engine (Ctrl-C during `up` or `watch`). */
  signal?: AbortSignal;
}

/** Each build secret as bytes read when the build mounts it; a missing file or variable fails here, before the engine is asked. */
function secretsOf(service: string, build: BuildSpec, env: NodeJS.ProcessEnv): NonNullable<BuildOptions['secrets']> {
  return (build.secrets ?? []).map((secret) => {
    if ('file' in secret.source) {
      const file = secret.source.file;
      if (!existsSync(file)) throw new BuildSecretMissingError(service, `secret ${secret.id}`, `the file ${file} does not exist`, secret.declaredAt);
      return { id: secret.id, read: () => readFileSync(file), source: `file ${file}` };
    }
    const value = env[secret.source.environment];
    if (value === undefined)
      throw new BuildSecretMissingError(service, `secret ${secret.id}`, `the variable ${secret.source.environment} is not set`, secret.declaredAt);
    return { id: secret.id, read: () => Buffer.from(value), source: `env ${secret.source.environment}` };
  });
}

async function agentsOf(service: string, build: BuildSpec, env: NodeJS.ProcessEnv): Promise<Array<{ id: string; agent: AgentSocket }>> {
  const agents: Array<{ id: string; agent: AgentSocket }> = [];
  try {
    for (const ssh of build.ssh ?? []) {
      if (!ssh.paths.length && !env.SSH_AUTH_SOCK) {
        throw new BuildSecretMissingError(
          service,
          `ssh ${ssh.id}`,
          'SSH_AUTH_SOCK is not set, so there is no agent to forward',
          ssh.declaredAt,
          'Start an agent (eval $(ssh-agent); ssh-add), or name a key: ssh: [default=~/.ssh/id_ed25519].',
        );
      }
      for (const path of ssh.paths)
        if (!existsSync(path)) throw new BuildSecretMissingError(service, `ssh ${ssh.id}`, `${path} does not exist`, ssh.declaredAt);
      const agent = await agentFor(ssh.paths.length ? ssh.paths : [env.SSH_AUTH_SOCK!]).catch((error: Error) => {
        throw new BuildSecretMissingError(service, `ssh ${ssh.id}`, error.message, ssh.declaredAt);
      });
      agents.push({ id: ssh.id, agent });
    }
  } catch (error) {
    for (const { agent } of agents) agent.stop();
    throw error;
  }
  return agents;
}

/**
 * Builds one service's image, through BuildKit unless the build or the request asks for the legacy builder.
 * The image carries our project labels, so `clean` finds its leftovers, and the stage it was built to.
 * onLine gets each finished step (or, from the legacy builder, each output line); onProgress each step as it starts;
 * onNote what the user must know about the build as a whole (the fallback to the legacy builder).
 */
export async function buildServiceImage(
  engine: Engine,
  stack: StackSpec,
  service: string,
  request: BuildRequest,
  onLine: (line: string) => void,
  onProgress?: (line: string) => void,
  onNote: (line: string) => void = onLine,
): Promise<BuildResult> {
  const spec = stack.services[service]!;
  const build = spec.build!;
  const target = request.target ?? build.target;
  const secrets = secretsOf(service, build, process.env);
  const agents = await agentsOf(service, build, process.env);
  const dockerfile = join(build.context, build.dockerfile);
  if (!existsSync(dockerfile)) throw new BuildDockerfileMissingError(service, dockerfile);
  const text = readDockerfile(dockerfile);
  const syntax = syntaxDirective(dockerfile, text);
  const builder = request.builder ?? build.builder;
  try {
    return await engine.buildImage(
      buildContext(build.context, build.dockerfile),
      {
        service,
        tag: imageFor(stack, spec),
        dockerfile: build.dockerfile,
        ...(target ? { target } : {}),
        buildArgs: build.args,
        labels: {
          ...build.labels,
          [LABEL_PROJECT]: stack.name,
          [LABEL_PROJECT_DIR]: stack.projectDir,
          ...(target ? { [LABEL_TARGET]: target } : {}),
        },
        ...(request.noCache || build.noCache ? { noCache: true } : {}),
        ...(request.pull || build.pull ? { pull: true } : {}),
        ...(builder ? { builder } : {}),
        ...(secrets.length ? { secrets } : {}),
        ...(agents.length ? { ssh: agents.map(({ id, agent }) => ({ id, socket: agent.socket })) } : {}),
        ...(build.network ? { network: build.network } : {}),
        ...(build.extraHosts ? { extraHosts: build.extraHosts } : {}),
        ...(build.shmSizeBytes ? { shmSizeBytes: build.shmSizeBytes } : {}),
        ...(build.cacheFrom ? { cacheFrom: build.cacheFrom } : {}),
        ...(syntax ? { syntax } : {}),
        ...(usesHeredoc(text) ? { heredoc: true } : {}),
        ...(secrets.length || agents.length || syntax || mountsSessionData(text) ? { session: true } : {}),
      },
      (line: string, event?: BuildLineEvent) => (event?.kind === 'started' ? onProgress?.(line) : event?.kind === 'note' ? onNote(line) : onLine(line)),
      request.signal,
    );
  } finally {
    for (const { agent } of agents) agent.stop();
  }
}
