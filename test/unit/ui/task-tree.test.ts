import { afterEach, describe, expect, it, vi } from 'vitest';
import { taskTreeReporter } from '../../../src/ui/task-tree.js';

describe('the task tree', () => {
  afterEach(() => vi.restoreAllMocks());

  it("shows a line that came before listr2 had started the service's task (a build step that started at once)", async () => {
    let shown = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((shown += chunk.toString()), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((shown += chunk.toString()), true));
    const tree = taskTreeReporter();
    tree.reporter({ type: 'plan', services: [{ service: 'web', action: 'build', reason: 'asked for' }] });
    // listr2 is still loading: this line reaches the task only if the tree kept it.
    tree.reporter({ type: 'progress', service: 'web', detail: '[2/2] RUN echo sleeping; sleep 61' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    tree.reporter({ type: 'service', service: 'web', phase: 'ready' });
    await tree.finish();
    vi.restoreAllMocks();
    expect(shown).toContain('[2/2] RUN echo sleeping; sleep 61');
  });
});
