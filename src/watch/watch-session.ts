import { lstat } from 'node:fs/promises';
import { relative } from 'node:path';
import { BuildFailedError, DevstackError, ServiceNotReadyError, UsageError } from '../errors.js';
import { LABEL_ONE_OFF, LABEL_PROJECT, LABEL_PROJECT_DIR, LABEL_SERVICE, type Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { currentContainer } from '../run/service-containers.js';
import { Batcher } from './batcher.js';
import { firstPaths, type WatchReporter, type WatchStep } from './watch-events.js';
import { Remover } from './remover.js';
import { activeRules, planBatch, type ActiveRule, type SyncStep } from './watch-rules.js';
import { rebuildService, restartServices, runExec, type ActionEnv } from './service-actions.js';
import { noticeStackFileEdits } from './stack-files.js';
import { Syncer, type SyncResult } from './sync.js';
import { listTree, type Watching } from './tree-watcher.js';
import { watchWithFallback } from './watch-root.js';

export interface WatchOptions {
  /** Services to watch; all with rules (or build:) when empty. */
  services: string[];
  /** Quiet time that ends a batch. */
  quietMs: number;
  maxWaitMs?: number;
  /** Stat interval of the polling fallback. */
  pollIntervalMs?: number;
  timeoutMs: number;
  signal: AbortSignal;
  locked: ActionEnv['locked'];
}

/** Not a path: asks a service's batcher to copy its sync rules' trees whole, in turn with its other batches. */
const RESYNC = '\u0000resync';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Watches the services' rules until the signal aborts, turning each batch of changes into one action. */
export async function watchStack(engine: Engine, stack: StackSpec, options: WatchOptions, report: WatchReporter): Promise<void> {
  const names = options.services.length ? options.services : Object.keys(stack.services);
  const watched = names.map((service) => ({ service, rules: activeRules(stack, service) })).filter((s) => s.rules.length);
  if (watched.length === 0) {
    throw new UsageError(
      options.services.length
        ? `${options.services.join(', ')} ${options.services.length === 1 ? 'has' : 'have'} nothing to watch`
        : 'No service has anything to watch',
      'Add develop.watch rules to a service (path, action: sync|rebuild|sync+restart|sync+exec, target), or give it build:.',
    );
  }
  const remover = new Remover(engine, stack);
  const syncer = new Syncer(engine, remover);
  const env: ActionEnv = { engine, stack, timeoutMs: options.timeoutMs, signal: options.signal, locked: options.locked };
  const trees: Watching[] = [];
  const targets = new Map<string, { id: string; user?: string }>();
  const batcherOf = new Map<string, Batcher>();
  /** Services whose container this watch is replacing right now: their new container's start is ours. */
  const busy = new Set<string>();
  const batchers: Batcher[] = [];
  try {
    for (const { service, rules } of watched) {
      const batcher = new Batcher((paths) => runBatch(service, rules, paths), {
        quietMs: options.quietMs,
        maxWaitMs: options.maxWaitMs ?? Math.max(2000, options.quietMs * 10),
      });
      batchers.push(batcher);
      batcherOf.set(service, batcher);
      let folders = 0;
      let polling = false;
      for (const [root, group] of groupByRoot(rules)) {
        if (
          !(await lstat(root).then(
            () => true,
            () => false,
          ))
        ) {
          report({
            type: 'warning',
            message: `${service}: watch path ${relative(stack.projectDir, root) || '.'} does not exist, so that rule is not watched (${group[0]!.rule.at.file}:${group[0]!.rule.at.line})`,
          });
          continue;
        }
        const tree = await watchRoot(root, group, batcher);
        trees.push(tree.watching);
        folders += tree.watching.folders;
        polling ||= tree.polling;
      }
      report({
        type: 'watching',
        service,
        rules: rules.map((a) => ({
          action: a.rule.action,
          path: relative(stack.projectDir, a.rule.path) || '.',
          ...(a.rule.target ? { target: a.rule.target } : {}),
        })),
        folders,
        polling,
      });
      await syncAll(service, rules, 'initial sync');
      // The first deletion should not pay for starting the helper that performs it.
      if (rules.some((a) => a.rule.target))
        await runningTarget(service).then(
          (t) => remover.warm(t.id),
          () => undefined,
        );
    }
    void followStarts();
    trees.push(noticeStackFileEdits(stack, (message) => report({ type: 'warning', message })));
    await new Promise<void>((resolve) => (options.signal.aborted ? resolve() : options.signal.addEventListener('abort', () => resolve(), { once: true })));
  } finally {
    await Promise.all(trees.map((t) => t.close()));
    await Promise.all(batchers.map((b) => b.close()));
    await remover.close();
    report({ type: 'stopped' });
  }

  /** One watcher per folder, however many rules name it; a path counts when any of them wants it. */
  function watchRoot(root: string, group: ActiveRule[], batcher: Batcher): Promise<{ watching: Watching; polling: boolean }> {
    return watchWithFallback({
      root,
      name: relative(stack.projectDir, root) || '.',
      ignored: (path, isDir) => group.every((a) => a.ignored(path, isDir)),
      onChange: (path) => batcher.add(path),
      intervalMs: options.pollIntervalMs ?? 1000,
      warn: (message) => report({ type: 'warning', message }),
    });
  }

  /**
   * Copies whole trees: at start for rules with initial_sync, and every sync rule of a service whose
   * container was replaced by something other than this watch (an `up` after a config change, a
   * `reset`), which would otherwise run without the edits synced so far (compose#12592).
   */
  async function syncAll(service: string, rules: ActiveRule[], why: 'initial sync' | 'resync'): Promise<void> {
    for (const active of rules.filter((a) => a.rule.target && (why === 'resync' || a.rule.initialSync))) {
      const started = Date.now();
      const paths = (await listTree(active.rule.path, (path, isDir) => active.ignored(path, isDir))).sort();
      const base = { type: 'action' as const, service, action: 'sync' as const, files: paths.length, paths: firstPaths(stack.projectDir, paths), deleted: 0 };
      try {
        await syncTo(service, [{ rule: active.rule, paths }]);
        const detail = why === 'resync' ? `resync: the container was replaced (${(await runningTarget(service)).id.slice(0, 12)})` : why;
        report({ ...base, ok: true, durationMs: Date.now() - started, detail });
      } catch (error) {
        report({ ...base, ok: false, durationMs: Date.now() - started, detail: message(error) });
      }
    }
  }

  /** Watches the engine for containers of watched services started by someone else, to resync them. */
  async function followStarts(): Promise<void> {
    try {
      const filters = { type: ['container'], event: ['start'], label: [`${LABEL_PROJECT}=${stack.name}`] };
      for await (const event of engine.events(filters, options.signal)) {
        const service = event.attributes[LABEL_SERVICE];
        const batcher = service ? batcherOf.get(service) : undefined;
        if (!service || !batcher || event.attributes[LABEL_ONE_OFF] || (event.attributes[LABEL_PROJECT_DIR] ?? stack.projectDir) !== stack.projectDir) continue;
        if (busy.has(service) || targets.get(service)?.id === event.id || !watched.find((w) => w.service === service)?.rules.some((a) => a.rule.target))
          continue;
        targets.delete(service);
        batcher.add(RESYNC);
      }
    } catch {
      // Without events a replaced container is still found at the next sync, just not resynced whole.
    }
  }

  /**
   * The service's running container, remembered between batches: a lookup costs two engine calls,
   * a fifth of a small sync. Forgotten after a rebuild, and whenever a sync to it fails.
   */
  async function runningTarget(service: string): Promise<{ id: string; user?: string }> {
    const known = targets.get(service);
    if (known) return known;
    const container = await currentContainer(engine, stack, service);
    if (container?.status !== 'running')
      throw new Error(`${service} is not running (${container ? container.status : 'no container'}); \`devstack up ${service}\` starts it`);
    const target = { id: container.id, ...(container.user ? { user: container.user } : {}) };
    targets.set(service, target);
    return target;
  }

  /** Syncs to the remembered container; if that fails (recreated or removed meanwhile), once more to the current one. */
  async function syncTo(service: string, steps: SyncStep[]): Promise<SyncResult> {
    try {
      return await syncer.sync(await runningTarget(service), steps);
    } catch (error) {
      if (!targets.delete(service)) throw error;
      return syncer.sync(await runningTarget(service), steps);
    }
  }

  async function runBatch(service: string, rules: ActiveRule[], batch: string[]): Promise<void> {
    if (batch.includes(RESYNC)) await syncAll(service, rules, 'resync');
    const paths = batch.filter((path) => path !== RESYNC);
    const plan = planBatch(rules, paths, Boolean(stack.services[service]!.build));
    if (plan.action === 'none') return;
    const started = Date.now();
    const shown = firstPaths(stack.projectDir, plan.paths);
    let step: WatchStep = plan.action === 'rebuild' ? 'rebuild' : plan.restart ? 'sync+restart' : plan.execs.length ? 'sync+exec' : 'sync';
    let deleted = 0;
    let detail: string | undefined;
    /** The batch's one outcome event: what was done to which files, how long it took, and how it ended. */
    const outcome = (ok: boolean, end: { detail?: string; output?: string[] }) =>
      report({ type: 'action', service, action: step, ok, files: plan.paths.length, paths: shown, deleted, durationMs: Date.now() - started, ...end });
    try {
      if (plan.action === 'rebuild') {
        if (!(await currentContainer(engine, stack, service))) throw new Error(`${service} has no container; \`devstack up ${service}\` creates it`);
        targets.delete(service);
        busy.add(service);
        const result = await rebuildService(env, service).finally(async () => {
          await runningTarget(service).catch(() => undefined);
          busy.delete(service);
        });
        detail =
          [
            plan.reason === 'rebuild rule' ? undefined : plan.reason,
            result.recreated ? undefined : 'image unchanged, container kept',
            result.dependents.length ? `restarted ${result.dependents.join(', ')}` : undefined,
          ]
            .filter(Boolean)
            .join('; ') || undefined;
      } else {
        const result = await syncTo(service, plan.syncs);
        deleted = result.deleted;
        if (plan.restart) await env.locked(() => restartServices(env, [service]));
        for (const rule of plan.execs) {
          step = 'sync+exec';
          detail = rule.exec!.command.join(' ');
          const ran = await runExec(engine, (await runningTarget(service)).id, rule);
          if (ran.exitCode !== 0) return outcome(false, { detail: `\`${detail}\` exited with code ${ran.exitCode}`, output: ran.output });
        }
      }
      outcome(true, detail ? { detail } : {});
    } catch (error) {
      if (options.signal.aborted) return;
      const output =
        error instanceof BuildFailedError
          ? error.output.slice(-15)
          : error instanceof ServiceNotReadyError
            ? [...error.probeOutputs, ...error.logLines].slice(-10)
            : undefined;
      const text = error instanceof DevstackError && error.hint && !(error instanceof BuildFailedError) ? `${message(error)} (${error.hint})` : message(error);
      outcome(false, { detail: text, ...(output?.length ? { output } : {}) });
    }
  }
}

function groupByRoot(rules: ActiveRule[]): Map<string, ActiveRule[]> {
  const groups = new Map<string, ActiveRule[]>();
  for (const active of rules) groups.set(active.rule.path, [...(groups.get(active.rule.path) ?? []), active]);
  return groups;
}
