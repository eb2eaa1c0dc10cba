import { stripVTControlCharacters } from 'node:util';
import { UsageError } from '../errors.js';
import type { Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { planVolumeReset } from '../run/reset.js';
import { size } from '../cli/agree-volumes.js';
import { commandLine } from '../cli/command-line.js';
import type { StackFlags } from '../cli/load-stack.js';
import { runDebug } from '../cli/debug-flow.js';
import { runReset, sharedVolumeRefusal } from '../cli/reset-flow.js';
import { runRestart } from '../cli/restart-flow.js';
import { resolveService } from '../cli/services.js';
import { runSnapshotRestore, runSnapshotSave, runUndo } from '../cli/snapshot-flow.js';
import { runStop } from '../cli/stop-flow.js';
import { runUp } from '../cli/up-flow.js';
import { reportError } from '../ui/error-report.js';
import { currentRun } from '../ui/run-context.js';
import { withOutput } from '../ui/output.js';
import type { ActionKind, ActionRequest, ActionView, VolumePlanView } from './view.js';

/** As the CLI's default: seconds to wait for services to be ready again. */
const TIMEOUT_SEC = 120;
/** Finished actions the page can still show. */
const KEEP = 30;
/** An action's newest lines the page shows (a rebuild's build output can run to thousands; each update resends them). */
const KEEP_LINES = 400;

const KINDS = new Set<ActionKind>(['start', 'stop', 'restart', 'rebuild', 'reset', 'debug-on', 'debug-off', 'snapshot-save', 'snapshot-restore', 'undo']);
const NEEDS_SERVICE = new Set<ActionKind>(['start', 'stop', 'restart', 'rebuild', 'reset', 'debug-on', 'debug-off']);

/** An error as the CLI prints it, without its colours. */
function errorText(error: unknown): string {
  return stripVTControlCharacters(reportError(error, currentRun().secrets.masker).text);
}

/** A request body from the page, checked: anything else is refused before it reaches a flow. */
export function parseActionRequest(body: unknown): ActionRequest {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (typeof b.kind !== 'string' || !KINDS.has(b.kind as ActionKind))
    throw new UsageError(`Unknown dashboard action ${JSON.stringify(b.kind)}`, `One of: ${[...KINDS].join(', ')}.`);
  const kind = b.kind as ActionKind;
  if (NEEDS_SERVICE.has(kind) && typeof b.service !== 'string')
    throw new UsageError(`The ${kind} action needs a service`, 'Send {"kind": ..., "service": "name"}.');
  if (kind === 'snapshot-restore' && typeof b.name !== 'string')
    throw new UsageError('snapshot-restore needs the snapshot name', 'Send {"kind": "snapshot-restore", "name": "..."}.');
  return {
    kind,
    ...(typeof b.service === 'string' ? { service: b.service } : {}),
    ...(b.volumes === true ? { volumes: true } : {}),
    ...(Array.isArray(b.confirmed) ? { confirmed: b.confirmed.filter((v): v is string => typeof v === 'string') } : {}),
    ...(typeof b.name === 'string' && b.name ? { name: b.name } : {}),
  };
}

/** The CLI command that does what the page asks, as a person would type it. */
export function actionCommand(flags: StackFlags, request: ActionRequest): string {
  const s = request.service ?? '';
  switch (request.kind) {
    case 'start':
      return commandLine(flags, 'up', s);
    case 'rebuild':
      return commandLine(flags, 'up', s, '--build');
    case 'stop':
    case 'restart':
      return commandLine(flags, request.kind, s);
    case 'reset':
      return commandLine(flags, 'reset', s, ...(request.volumes ? ['--volumes'] : []));
    case 'debug-on':
      return commandLine(flags, 'debug', s);
    case 'debug-off':
      return commandLine(flags, 'debug', s, '--off');
    case 'snapshot-save':
      return commandLine(flags, 'snapshot', 'save', ...(request.name ? [request.name] : []));
    case 'snapshot-restore':
      return commandLine(flags, 'snapshot', 'restore', request.name ?? '');
    case 'undo':
      return commandLine(flags, 'undo');
  }
}

/**
 * Runs what the page asks through the CLI's own flows (`runRestart`, `runReset`, ...), so an action
 * from the page takes the same project lock, says the same lines and fails with the same words as the
 * command; each one's progress and outcome go to the listeners.
 */
export class ActionRunner {
  private next = 1;
  private readonly actions: ActionView[] = [];
  private readonly listeners = new Set<(action: ActionView) => void>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly engine: Engine,
    private readonly stack: StackSpec,
    private readonly flags: StackFlags,
    private readonly afterEach: () => void,
  ) {}

  list(): ActionView[] {
    return [...this.actions];
  }

  onUpdate(listener: (action: ActionView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Waits for the actions under way (an interrupted one ends as the CLI's does). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /** What `reset --volumes` would delete for this service, with sizes, for the page to ask first; or why it would refuse, in the CLI's words. */
  async volumePlan(service: string): Promise<VolumePlanView> {
    const name = resolveService(this.stack, service);
    const [selection, sizes] = await Promise.all([planVolumeReset(this.engine, this.stack, [name]), this.engine.volumeSizes()]);
    const refusal = sharedVolumeRefusal(this.flags, [name], selection);
    return {
      service: name,
      delete: selection.delete.map((v) => ({ name: v.name, size: size(sizes[v.name]), bytes: sizes[v.name] ?? null })),
      kept: selection.kept,
      ...(refusal ? { refusal: errorText(refusal) } : {}),
      snapshot: true,
    };
  }

  /** Starts an action and returns at once with its record; the page follows it over the event stream. */
  start(request: ActionRequest): ActionView {
    const action: ActionView = {
      id: this.next++,
      kind: request.kind,
      ...(request.service ? { service: request.service } : {}),
      command: actionCommand(this.flags, request),
      status: 'running',
      startedAt: new Date().toISOString(),
      lines: [],
    };
    this.actions.push(action);
    if (this.actions.length > KEEP) this.actions.splice(0, this.actions.length - KEEP);
    this.emit(action);
    const started = Date.now();
    const say = (line: string) => {
      action.lines.push(...stripVTControlCharacters(line).split('\n'));
      if (action.lines.length > KEEP_LINES) action.lines.splice(0, action.lines.length - KEEP_LINES);
      this.emit(action);
    };
    // What the flow would print to the terminal goes to the page: this process's stdout is the link alone (`ui --json` is JSON lines).
    const running = withOutput({ print: (text) => say(text.replace(/\n$/, '')), progress: say }, () => this.run(request))
      .then(() => {
        action.status = 'done';
      })
      .catch((error: unknown) => {
        action.status = 'failed';
        action.error = errorText(error);
      })
      .finally(() => {
        action.elapsedMs = Date.now() - started;
        this.inFlight.delete(running);
        this.emit(action);
        this.afterEach();
      });
    this.inFlight.add(running);
    return action;
  }

  private emit(action: ActionView): void {
    for (const listener of this.listeners) listener({ ...action, lines: [...action.lines] });
  }

  private async run(request: ActionRequest): Promise<unknown> {
    const base = { ...this.flags, 'lock-wait': true, timeout: TIMEOUT_SEC };
    const services = request.service ? [request.service] : [];
    const up = (build: boolean) =>
      runUp({ ...base, services, timeout: TIMEOUT_SEC, 'remove-orphans': false, 'force-recreate': false, build, wait: true, lockWait: true, json: false });
    switch (request.kind) {
      case 'start':
        return up(false);
      case 'rebuild':
        return up(true);
      case 'stop':
        return runStop({ ...base, services, json: false });
      case 'restart':
        return runRestart({ ...base, services, json: false });
      case 'reset':
        if (request.volumes) await this.checkAgreed(request.service!, request.confirmed ?? []);
        return runReset({ ...base, services, volumes: Boolean(request.volumes), snapshot: true, yes: true });
      case 'debug-on':
      case 'debug-off':
        return runDebug({ ...base, service: request.service!, waitForDebugger: false, off: request.kind === 'debug-off', 'launch-json': false, json: false });
      case 'snapshot-save':
        return runSnapshotSave({ ...base, ...(request.name ? { name: request.name } : {}), services: [], stop: false });
      case 'snapshot-restore':
        return runSnapshotRestore({ ...base, name: request.name!, services: [], force: false, yes: true });
      case 'undo':
        return runUndo({ ...base, force: false });
    }
  }

  /** The page listed volumes and the person agreed to those: if the list is different now, nothing is deleted. */
  private async checkAgreed(service: string, confirmed: string[]): Promise<void> {
    const now = (await this.volumePlan(service)).delete.map((v) => v.name).sort();
    const agreed = [...new Set(confirmed)].sort();
    if (now.join('\n') !== agreed.join('\n')) {
      throw new UsageError(
        `The volumes reset --volumes would delete (${now.join(', ') || 'none'}) are not the ones confirmed on the page (${agreed.join(', ') || 'none'}); nothing was changed`,
        'Open the reset dialog again and confirm the list it shows now.',
      );
    }
  }
}
