import { InterruptedError, ServiceNotReadyError } from '../errors.js';
import type { DependencyCondition, StackSpec } from '../model/stack.js';
import { dependentsOf } from '../model/order.js';
import { Deferred } from './deferred.js';

/** A point in a service's run that another service can wait for; `done` is reached when its visit returns. */
export type Milestone = 'started' | 'ready' | 'completed' | 'done';

/** One service waiting for another to reach a milestone; a failure of one not required is tolerated. */
export interface Edge {
  service: string;
  milestone: Milestone;
  required: boolean;
}

/** What a visit is handed: its turn to wait for, and the milestones it announces. */
export interface Turn {
  /**
   * Resolves once every service this one waits for has reached its milestone; throws DependencyFailed
   * when a required one failed, and InterruptedError when the walk was cancelled meanwhile.
   */
  wait(): Promise<void>;
  /** Lets the services waiting for this milestone (and every earlier one) go on. */
  reached(milestone: Milestone): void;
  /** The services this one still waits for. */
  waitingFor(): string[];
}

export type Outcome<T> =
  | { status: 'done'; value: T }
  /** Its own failure, whatever the error's class. */
  | { status: 'failed'; error: unknown }
  /** Not run because a service it needs failed; that failure is the other service's outcome. */
  | { status: 'skipped'; error: DependencyFailed }
  | { status: 'interrupted'; error: InterruptedError };

export interface WalkResult<T> {
  /** Every service's outcome, in the order the services were given. */
  outcomes: Map<string, Outcome<T>>;
  /** Every service's own failure, each once: a skipped service adds none. */
  errors: unknown[];
  /** The signal fired, or a visit was interrupted. */
  interrupted: boolean;
}

export interface WalkOptions<T> {
  services: readonly string[];
  /** What a service waits for; edges to services outside `services` are ignored. */
  edges: (service: string) => Edge[];
  signal?: AbortSignal;
  visit: (service: string, turn: Turn) => Promise<T>;
}

/** A service not started because one it needs failed; reported as skipped, the real failure stands alone. */
export class DependencyFailed extends ServiceNotReadyError {
  constructor(
    service: string,
    readonly dependency: string,
  ) {
    super(service, 'exited', `was not started because ${dependency} failed`, [], []);
  }
}

const ORDER: Milestone[] = ['started', 'ready', 'completed', 'done'];

const MILESTONE: Record<DependencyCondition, Milestone> = {
  service_started: 'started',
  service_healthy: 'ready',
  service_completed_successfully: 'completed',
};

class Gates {
  private readonly gates = new Map(ORDER.map((m) => [m, new Deferred()]));

  at(milestone: Milestone): Deferred {
    return this.gates.get(milestone)!;
  }

  reach(milestone: Milestone): void {
    for (const m of ORDER.slice(0, ORDER.indexOf(milestone) + 1)) this.at(m).resolve();
  }

  fail(error: unknown): void {
    for (const gate of this.gates.values()) if (!gate.settled) gate.reject(error);
  }
}

/**
 * Runs every service's visit at once, each starting its real work when its turn comes (the visit
 * calls `turn.wait()` when it is ready to: work that needs no dependency can go first), so services
 * that do not wait for one another run in parallel. Every visit runs to its end; the result keeps
 * each one's outcome and every error.
 */
export async function walk<T>(options: WalkOptions<T>): Promise<WalkResult<T>> {
  const gates = new Map(options.services.map((service) => [service, new Gates()]));
  const outcomes = new Map<string, Outcome<T>>();
  const interrupted = () => options.signal?.aborted === true;

  const turnOf = (service: string): Turn => {
    const edges = options.edges(service).filter((e) => gates.has(e.service) && e.service !== service);
    return {
      waitingFor: () => edges.filter((e) => !gates.get(e.service)!.at(e.milestone).settled).map((e) => e.service),
      reached: (milestone) => gates.get(service)!.reach(milestone),
      wait: async () => {
        await Promise.all(
          edges.map(async (edge) => {
            try {
              await gates.get(edge.service)!.at(edge.milestone).promise;
            } catch (error) {
              if (!edge.required) return;
              throw error instanceof InterruptedError ? error : new DependencyFailed(service, edge.service);
            }
          }),
        );
        if (interrupted()) throw new InterruptedError([]);
      },
    };
  };

  await Promise.all(
    options.services.map(async (service) => {
      try {
        const value = await options.visit(service, turnOf(service));
        gates.get(service)!.reach('done');
        outcomes.set(service, { status: 'done', value });
      } catch (error) {
        gates.get(service)!.fail(error);
        outcomes.set(service, outcomeOf(error));
      }
    }),
  );

  const ordered = new Map(options.services.map((service) => [service, outcomes.get(service)!]));
  const errors = [...new Set([...ordered.values()].flatMap((o) => (o.status === 'failed' ? [o.error] : [])))];
  return { outcomes: ordered, errors, interrupted: interrupted() || [...ordered.values()].some((o) => o.status === 'interrupted') };
}

function outcomeOf<T>(error: unknown): Outcome<T> {
  if (error instanceof DependencyFailed) return { status: 'skipped', error };
  if (error instanceof InterruptedError) return { status: 'interrupted', error };
  return { status: 'failed', error };
}

/**
 * Dependencies first: each service waits for the services it depends on to reach the milestone its
 * condition asks for. `honourOptional` false makes every dependency required (restart waits for all).
 */
export function dependencyEdges(stack: StackSpec, honourOptional = true): (service: string) => Edge[] {
  return (service) =>
    Object.entries(stack.services[service]?.dependsOn ?? {}).map(([name, dep]) => ({
      service: name,
      milestone: MILESTONE[dep.condition],
      required: !honourOptional || dep.required,
    }));
}

/** Dependents first (stopping, removing): each service waits for those that depend on it, whatever became of them. */
export function dependentEdges(stack: StackSpec): (service: string) => Edge[] {
  return (service) => (stack.services[service] ? dependentsOf(stack, service) : []).map((name) => ({ service: name, milestone: 'done', required: false }));
}
