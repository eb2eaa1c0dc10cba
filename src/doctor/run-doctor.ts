import type { EngineSystem } from '../engine/types.js';
import { DevstackError } from '../errors.js';
import { checkClock } from './checks/clock.js';
import { checkDisk } from './checks/disk.js';
import { checkDockerfiles } from './checks/dockerfiles.js';
import { checkDotenvFile } from './checks/dotenv-file.js';
import { checkEngine } from './checks/engine.js';
import { checkEnvExample } from './checks/env-example.js';
import { checkImages } from './checks/images.js';
import { checkInotify } from './checks/inotify.js';
import { checkMemory } from './checks/memory.js';
import { checkPorts } from './checks/ports.js';
import { checkRootlessPorts } from './checks/rootless-ports.js';
import { checkSocket } from './checks/socket.js';
import { checkVariables } from './checks/variables.js';
import type { DoctorInputs } from './inputs.js';
import { fail, warn, type Outcome } from './outcome.js';

/** A check that trips over the engine mid-way reports that as its own failure; the others still run. */
async function guarded(check: string, run: () => Outcome[] | Promise<Outcome[]>): Promise<Outcome[]> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof DevstackError)) throw error;
    return [fail(check, error.message, error.hint ?? 'run `devstack doctor` again once the engine answers')];
  }
}

interface EngineFacts {
  system: EngineSystem;
  askedAt: number;
  answeredAt: number;
}

/** Every check, in the order a person fixes things: engine, config, ports, then the rest. */
export async function runDoctor(inputs: DoctorInputs): Promise<Outcome[]> {
  const { stack, engine } = inputs;
  let facts: EngineFacts | undefined;
  const outcomes = await guarded('engine', async () => {
    if (!engine) return checkEngine(inputs);
    const info = await engine.info();
    const askedAt = inputs.now();
    const system = await engine.systemInfo();
    facts = { system, askedAt, answeredAt: inputs.now() };
    return checkEngine(inputs, info, system);
  });
  outcomes.push(...(await checkSocket(inputs.endpoint.url, inputs.socketProbe)), ...checkVariables(inputs));
  if (stack) outcomes.push(...(await guarded('ports', () => checkPorts(stack, engine, undefined, inputs.procRoot))));
  // Said rather than left out: a clean rest of the report must not read as "the ports are free".
  else
    outcomes.push(
      warn('ports', 'not checked, nor images, memory and the watch limit: the stack did not load', 'fix the problems above, then run `devstack doctor` again'),
    );
  // The sysctl is read from this host: only meaningful when the engine runs here too.
  if (stack && facts && inputs.endpoint.url.startsWith('unix:')) outcomes.push(...(await checkRootlessPorts(stack, facts.system, inputs.procRoot)));
  if (stack) outcomes.push(...(await checkDockerfiles(stack)));
  if (stack && engine) outcomes.push(...(await guarded('images', () => checkImages(stack, engine))));
  if (facts) {
    const { system, askedAt, answeredAt } = facts;
    outcomes.push(...(await checkDisk(inputs, system)), ...(stack ? checkMemory(stack, system) : []), ...checkClock(system, askedAt, answeredAt));
  }
  outcomes.push(...(await checkDotenvFile(inputs)), ...(await checkEnvExample(inputs)));
  if (stack) outcomes.push(...(await checkInotify(stack, inputs.procRoot)));
  return outcomes;
}
