import { posix } from 'node:path';
import { LABEL_ONE_OFF, LABEL_PROJECT, LABEL_PROJECT_DIR, type Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';

/** Present on most machines and tiny; pulled once if missing. Its `rm` does the deleting, never the app image's. */
export const HELPER_IMAGE = 'busybox:latest';

/**
 * Deletes files in a container that may have no shell and no `rm` (distroless). Compose's watch runs
 * `rm -rf` in the container itself and fails there. The engine API (1.41) can add files (put-archive)
 * but has no call that removes one, and a volume-sharing helper would not reach the container's own
 * layer. So a small helper container joins the target's PID namespace (`PidMode: container:<id>`) and
 * removes through /proc/1/root, which is the target's root filesystem with its mounts, as the target
 * sees it. SYS_PTRACE lets it through /proc/1/root when the target runs as another user. One helper
 * per target lives for the watch session, so a deletion is one exec (~50 ms), not a container start.
 */
export class Remover {
  private readonly helpers = new Map<string, Promise<string>>();

  constructor(
    private readonly engine: Engine,
    private readonly stack: StackSpec,
  ) {}

  /** Removes container paths (absolute, never the root) from the running container. */
  async remove(targetId: string, paths: string[]): Promise<void> {
    const safe = paths.map((p) => posix.normalize(p)).filter((p) => posix.isAbsolute(p) && p !== '/');
    // Well under the kernel's limit on one command line, however many paths a batch deletes.
    for (let i = 0; i < safe.length; i += 500) await this.removeSome(targetId, safe.slice(i, i + 500));
  }

  private async removeSome(targetId: string, safe: string[]): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const helper = await this.helper(targetId);
      const result = await this.engine
        .exec(helper, ['rm', '-rf', '--', ...safe.map((p) => `/proc/1/root${p}`)], 30_000)
        .catch((error: Error) => ({ exitCode: -1, stdout: '', stderr: error.message }));
      if (result.exitCode === 0) return;
      // The helper dies with the target's PID namespace when the target restarts: make a new one, once.
      if (attempt === 0 && !(await this.running(helper))) {
        this.helpers.delete(targetId);
        await this.engine.removeContainer(helper, true).catch(() => undefined);
        continue;
      }
      throw new Error(`could not delete ${safe.length} path(s) in the container: ${(result.stderr || result.stdout).trim().slice(0, 300)}`);
    }
  }

  /** Starts the helper for a target ahead of the first deletion. */
  warm(targetId: string): void {
    this.helper(targetId).catch(() => undefined);
  }

  private async running(id: string): Promise<boolean> {
    return (await this.engine.inspectContainer(id).catch(() => undefined))?.status === 'running';
  }

  private helper(targetId: string): Promise<string> {
    let pending = this.helpers.get(targetId);
    if (!pending) {
      pending = this.start(targetId);
      pending.catch(() => this.helpers.delete(targetId));
      this.helpers.set(targetId, pending);
    }
    return pending;
  }

  private async start(targetId: string): Promise<string> {
    if (!(await this.engine.imageId(HELPER_IMAGE))) await this.engine.pullImage(HELPER_IMAGE, () => undefined);
    const id = await this.engine.createContainer({
      name: `${this.stack.name}-watch-${targetId.slice(0, 12)}-${Math.random().toString(36).slice(2, 6)}`,
      image: HELPER_IMAGE,
      command: ['sleep', '2147483647'],
      env: {},
      labels: { [LABEL_PROJECT]: this.stack.name, [LABEL_PROJECT_DIR]: this.stack.projectDir, [LABEL_ONE_OFF]: 'watch-helper' },
      ports: [],
      mounts: [],
      network: 'none',
      aliases: [],
      pidMode: `container:${targetId}`,
      capAdd: ['SYS_PTRACE'],
      user: '0:0',
    });
    try {
      await this.engine.startContainer(id);
    } catch (error) {
      await this.engine.removeContainer(id, true).catch(() => undefined);
      throw error;
    }
    return id;
  }

  /** Removes every helper this session started. */
  async close(): Promise<void> {
    const ids = await Promise.all([...this.helpers.values()].map((p) => p.catch(() => undefined)));
    this.helpers.clear();
    await Promise.all(ids.filter((id): id is string => Boolean(id)).map((id) => this.engine.removeContainer(id, true).catch(() => undefined)));
  }
}
