import { Writable } from 'node:stream';
import { buildServiceImage } from '../build/build-service.js';
import type { Engine } from '../engine/types.js';
import type { StackSpec, WatchRule } from '../model/stack.js';
import { restart } from '../run/restart.js';
import { currentContainer } from '../run/service-containers.js';
import { up } from '../run/up.js';

export interface ActionEnv {
  engine: Engine;
  stack: StackSpec;
  timeoutMs: number;
  signal: AbortSignal;
  /** Runs work under the project's lock: only steps that replace or restart containers take it. */
  locked: <T>(work: () => Promise<T>) => Promise<T>;
}

const quiet = () => undefined;

/**
 * Rebuilds a service's image (layer cache, .dockerignore applied) and only then recreates its container
 * and waits for it to be ready. A failed build throws before anything is stopped: the old container
 * keeps serving. Dependencies are left as they are; dependents are restarted only when they asked for
 * it with `depends_on: {restart: true}`. Returns whether the container was replaced.
 */
export async function rebuildService(env: ActionEnv, service: string): Promise<{ recreated: boolean; dependents: string[] }> {
  const { engine, stack } = env;
  return env.locked(async () => {
    await buildServiceImage(engine, stack, service, { signal: env.signal }, quiet);
    const result = await up(
      engine,
      stack,
      { services: [service], build: false, forceRecreate: false, removeOrphans: false, timeoutMs: env.timeoutMs, wait: true, signal: env.signal },
      quiet,
    );
    const recreated = result.plan.services.some((step) => step.service === service && step.action !== 'keep');
    const dependents = Object.values(stack.services)
      .filter((s) => s.dependsOn[service]?.restart)
      .map((s) => s.name);
    const present = [];
    for (const name of dependents) if (await currentContainer(engine, stack, name)) present.push(name);
    if (recreated && present.length) await restartServices(env, present);
    return { recreated, dependents: recreated ? present : [] };
  });
}

export function restartServices(env: ActionEnv, services: string[]): Promise<string[]> {
  return restart(env.engine, env.stack, services, { timeoutMs: env.timeoutMs, signal: env.signal, startCommand: (s) => `devstack up ${s}` }, quiet);
}

/** Runs a sync+exec rule's command in the container; its output comes back for a failure message. */
export async function runExec(engine: Engine, containerId: string, rule: WatchRule): Promise<{ exitCode: number; output: string[] }> {
  const exec = rule.exec!;
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const process = await engine.execAttached(
    containerId,
    {
      cmd: exec.command,
      ...(exec.user ? { user: exec.user } : {}),
      ...(exec.workingDir ? { workingDir: exec.workingDir } : {}),
      env: exec.environment,
      ...(exec.privileged ? { privileged: true } : {}),
    },
    { tty: false, stdout: sink, stderr: sink },
  );
  return { exitCode: await process.exitCode, output: lines.slice(-20) };
}
