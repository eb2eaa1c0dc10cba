import { describe, expect, it } from 'vitest';
import { ProjectState } from '../../../src/dashboard/project-state.js';
import { LABEL_PROJECT, LABEL_SERVICE, type Engine } from '../../../src/engine/types.js';
import { SecretRegistry } from '../../../src/ui/secret-registry.js';
import { containerState } from '../support/fake-engine.js';
import { service, stack } from '../support/stack.js';

const until = (signal: AbortSignal) => new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve())));
/** A stream that says nothing until it is aborted, as an idle engine's events or stats do. */
const silentUntil = (signal: AbortSignal): AsyncIterable<never> => ({
  [Symbol.asyncIterator]: () => ({
    next: async () => {
      await until(signal);
      return { done: true, value: undefined };
    },
  }),
});

/** One running container whose inspect answers only when the test says so; every stats stream it opens, with its signal. */
function slowEngine() {
  let answer: () => void = () => undefined;
  const inspected = new Promise<void>((resolve) => (answer = resolve));
  const streams: AbortSignal[] = [];
  const state = containerState({ labels: { [LABEL_PROJECT]: 'demo', [LABEL_SERVICE]: 'api' } });
  const engine = {
    listContainers: async () => [{ id: 'c1', name: 'demo-api-1', labels: state.labels, status: 'running', hostPorts: [] }],
    inspectContainer: async () => {
      await inspected;
      return state;
    },
    events: (_filters: unknown, signal: AbortSignal) => silentUntil(signal),
    stats: (_id: string, signal: AbortSignal) => {
      streams.push(signal);
      return silentUntil(signal);
    },
  };
  return { engine: engine as unknown as Engine, answer, streams };
}

describe('the dashboard project state', () => {
  it('opens no stats stream that outlives stop(), even when stop() comes while the first read is under way', async () => {
    const { engine, answer, streams } = slowEngine();
    const state = new ProjectState(engine, stack([service('api')], { projectDir: '/nonexistent/demo' }), new SecretRegistry(), false);
    const started = state.start();
    // Ctrl-C right after the link is printed: the first read has not come back from the engine yet.
    state.stop();
    answer();
    await started;
    expect(streams.every((signal) => signal.aborted)).toBe(true);
  });
});
