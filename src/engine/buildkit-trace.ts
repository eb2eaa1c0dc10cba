import { message } from './buildkit-protos.js';
import { formatElapsed } from '../model/elapsed.js';

interface Timestamp {
  seconds?: number;
  nanos?: number;
}
interface Vertex {
  digest?: string;
  name?: string;
  cached?: boolean;
  started?: Timestamp;
  completed?: Timestamp;
  error?: string;
}
interface VertexLog {
  vertex?: string;
  msg?: Uint8Array;
}

/** What one step of a BuildKit build did, as a person reads it. */
export interface TraceStep {
  kind: 'started' | 'done' | 'cached' | 'failed';
  name: string;
  /** One line: the step, and for a finished one `cached`, `done 1.2s` or `failed`. */
  text: string;
  elapsedMs?: number;
}

interface VertexState {
  name: string;
  started: boolean;
  finished: boolean;
  error?: string;
  lines: string[];
  /** A log chunk that did not end in a newline yet. */
  partial: string;
}

/** Steps of the Dockerfile (`[stage 2/5] RUN ...`) as against BuildKit's own work (`[internal] load ...`). */
const DOCKERFILE_STEP = /^\[[^\]]*\d+\/\d+\]/;
/** Lines of a step's output kept for the failure report. */
const KEPT_LINES = 200;

const millis = (t: Timestamp | undefined) => (t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0);

/** `[stage-0 2/5] RUN x` to `[2/5] RUN x`: BuildKit's name for an unnamed stage says nothing to a reader. */
export const stepLabel = (name: string) => name.replace(/^\[stage-\d+ /, '[');

/**
 * Folds the `moby.buildkit.trace` aux messages of a `version=2` build (base64 protobuf StatusResponse,
 * decoded with BuildKit's schema) into steps: each Dockerfile step reported once when it starts and once
 * when it ends, its output kept (not printed) for the report of a failure.
 */
export class BuildTrace {
  private readonly vertexes = new Map<string, VertexState>();
  private readonly type = message('moby.buildkit.v1.StatusResponse');
  steps = 0;
  cached = 0;

  add(aux: string): TraceStep[] {
    const status = this.type.toObject(this.type.decode(Buffer.from(aux, 'base64')), { longs: Number }) as { vertexes?: Vertex[]; logs?: VertexLog[] };
    const out: TraceStep[] = [];
    for (const v of status.vertexes ?? []) {
      const digest = v.digest ?? '';
      let state = this.vertexes.get(digest);
      if (!state) this.vertexes.set(digest, (state = { name: v.name ?? digest, started: false, finished: false, lines: [], partial: '' }));
      const shown = DOCKERFILE_STEP.test(state.name);
      if (v.started && !state.started && !v.completed) {
        state.started = true;
        if (shown) out.push({ kind: 'started', name: state.name, text: stepLabel(state.name) });
      }
      if (!v.completed || state.finished) continue;
      state.finished = true;
      const label = stepLabel(state.name);
      if (v.error) {
        state.error = v.error;
        out.push({ kind: 'failed', name: state.name, text: `${label}: failed` });
        continue;
      }
      if (!shown) continue;
      this.steps += 1;
      if (v.cached) {
        this.cached += 1;
        out.push({ kind: 'cached', name: state.name, text: `${label}: cached` });
      } else {
        const elapsedMs = Math.max(0, millis(v.completed) - millis(v.started));
        out.push({ kind: 'done', name: state.name, text: `${label}: done ${formatElapsed(elapsedMs)}`, elapsedMs });
      }
    }
    for (const log of status.logs ?? []) {
      const state = this.vertexes.get(log.vertex ?? '');
      if (!state) continue;
      const text = state.partial + Buffer.from(log.msg ?? []).toString('utf8');
      const lines = text.split(/\r?\n/);
      state.partial = lines.pop() ?? '';
      state.lines.push(...lines);
      if (state.lines.length > KEPT_LINES) state.lines.splice(0, state.lines.length - KEPT_LINES);
    }
    return out;
  }

  /** The step that failed, with its own output and the exit code of its command when it ran one. */
  failure(): { name: string; error: string; output: string[]; exitCode?: number } | undefined {
    for (const state of this.vertexes.values()) {
      if (!state.error) continue;
      const code = /exit code: (\d+)/.exec(state.error)?.[1];
      const output = [...state.lines, ...(state.partial ? [state.partial] : [])];
      return { name: state.name, error: state.error, output, ...(code ? { exitCode: Number(code) } : {}) };
    }
    return undefined;
  }
}
