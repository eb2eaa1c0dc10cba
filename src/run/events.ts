/** What a run tells its renderer; the same events feed the task tree, the plain lines and --json. */
export type ServicePhase =
  | 'pending'
  | 'pulling'
  | 'building'
  | 'creating'
  | 'recreating'
  | 'starting'
  | 'waiting'
  | 'ready'
  | 'unchanged'
  | 'failed'
  | 'stopping'
  | 'stopped'
  | 'removed'
  | 'skipped';

export type RunEvent =
  | { type: 'plan'; services: Array<{ service: string; action: string; reason: string }> }
  | { type: 'service'; service: string; phase: ServicePhase; detail?: string; elapsedMs?: number }
  | { type: 'progress'; service: string; detail: string }
  /** A line the user should see whole, such as build output; never thinned. */
  | { type: 'output'; service: string; line: string }
  | { type: 'resource'; kind: 'network' | 'volume' | 'container'; name: string; action: 'created' | 'removed' | 'kept' }
  | { type: 'note'; level: 'info' | 'warn'; message: string };

export type Reporter = (event: RunEvent) => void;
