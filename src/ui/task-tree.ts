import type { Reporter, RunEvent } from '../run/events.js';
import { Deferred } from '../run/deferred.js';
import { paint } from './style.js';
import { say } from './output.js';
import { formatElapsed } from '../model/elapsed.js';

interface Channel {
  done: Deferred<string>;
  update?: (title: string, output?: string) => void;
  skip?: (why: string) => void;
  title: string;
  /** The latest line shown under the title; kept, since events can come before listr2 (loaded lazily) has started the task. */
  output?: string;
}

const FINAL = new Set(['ready', 'unchanged', 'removed', 'stopped']);

/**
 * A listr2 tree with one task per service, driven by run events. listr2 is loaded only when a terminal
 * is watching; tasks settle when their service reaches a final phase, or when the run ends without one.
 */
export function taskTreeReporter(): { reporter: Reporter; finish(): Promise<void> } {
  const channels = new Map<string, Channel>();
  const notes: string[] = [];
  let running: Promise<unknown> = Promise.resolve();

  const start = async (services: string[]) => {
    const { Listr } = await import('listr2');
    const tasks = services.map((service) => {
      const channel = channels.get(service)!;
      return {
        title: service,
        task: async (_: unknown, task: { title: string; output: string; skip(m: string): void }) => {
          channel.update = (title, output) => {
            task.title = title;
            if (output !== undefined) task.output = output;
          };
          channel.skip = (why) => task.skip(why);
          task.title = channel.title;
          if (channel.output !== undefined) task.output = channel.output;
          task.title = await channel.done.promise;
        },
      };
    });
    // listr2's own SIGINT handler exits 127 at once (and crashes before its renderer exists): Ctrl-C is
    // withInterrupt's, which lets the run finish, settle every task and print the summary, then exit 130.
    await new Listr(tasks, { concurrent: true, exitOnError: false, registerSignalListeners: false, rendererOptions: { collapseErrors: false } }).run();
  };

  const show = (channel: Channel, output: string | undefined) => {
    if (output !== undefined) channel.output = output;
    channel.update?.(channel.title, output);
  };

  const onService = (event: Extract<RunEvent, { type: 'service' }>) => {
    const channel = channels.get(event.service);
    if (!channel) return;
    const elapsed = event.elapsedMs !== undefined ? paint('dim', ` ${formatElapsed(event.elapsedMs)}`) : '';
    channel.title = `${event.service} ${paint(FINAL.has(event.phase) ? 'green' : 'cyan', event.phase)}${elapsed}`;
    if (event.phase === 'failed') return channel.done.reject(new Error(`${event.service}: ${event.detail ?? 'failed'}`));
    if (event.phase === 'skipped') {
      channel.skip?.(`${event.service}: ${event.detail ?? 'skipped'}`);
      return channel.done.resolve(channel.title);
    }
    if (FINAL.has(event.phase)) return channel.done.resolve(channel.title);
    show(channel, event.detail);
  };

  const reporter: Reporter = (event) => {
    if (event.type === 'plan') {
      for (const { service } of event.services) channels.set(service, { done: new Deferred<string>(), title: `${service} pending` });
      running = start(event.services.map((s) => s.service));
    } else if (event.type === 'service') onService(event);
    else if (event.type === 'progress' || event.type === 'output') {
      // In a terminal the task shows the latest line; a failed build prints its whole output in the error.
      const channel = channels.get(event.service);
      if (channel) show(channel, event.type === 'output' ? event.line : event.detail);
    } else if (event.type === 'note') notes.push(`${event.level === 'warn' ? paint('yellow', 'warning: ') : ''}${event.message}`);
  };

  return {
    reporter,
    async finish() {
      for (const channel of channels.values()) channel.done.resolve(`${channel.title.split(' ')[0]} ${paint('yellow', 'not finished')}`);
      await running;
      // Flows call finish on success and again on their way out: each note is said once.
      for (const note of notes.splice(0)) say(note);
    },
  };
}
