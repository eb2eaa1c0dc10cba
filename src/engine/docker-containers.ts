import type Docker from 'dockerode';
import { EngineError } from '../errors.js';
import { toCreateOptions } from './create-options.js';
import { catchesSignal } from './signal-disposition.js';
import { mapInspect, type InspectJson } from './map-inspect.js';
import { LABEL_ONE_OFF, type ContainerCreateSpec, type ContainerState, type ContainerSummary, type Engine } from './types.js';
import { DockerArea, hasLabels, labelFilter } from './docker-area.js';

/** Containers: list, inspect, create, start, stop, kill, remove, pause. */
export class DockerContainers
  extends DockerArea
  implements
    Pick<
      Engine,
      | 'listContainers'
      | 'inspectContainer'
      | 'createContainer'
      | 'startContainer'
      | 'stopContainer'
      | 'killContainer'
      | 'removeContainer'
      | 'pauseContainer'
      | 'unpauseContainer'
      | 'containerSizes'
    >
{
  async listContainers(labels: Record<string, string | true>): Promise<ContainerSummary[]> {
    const list = await this.call('list containers', () => this.docker.listContainers({ all: true, filters: { label: labelFilter(labels) } }));
    return list
      .filter((c) => hasLabels(c.Labels, labels))
      .map((c) => ({
        id: c.Id,
        name: (c.Names[0] ?? '').replace(/^\//, ''),
        labels: c.Labels ?? {},
        status: c.State as ContainerSummary['status'],
        hostPorts: [...new Set((c.Ports ?? []).flatMap((p) => (p.PublicPort ? [p.PublicPort] : [])))],
        volumes: (c.Mounts ?? []).flatMap((m) => (m.Type === 'volume' && m.Name ? [m.Name] : [])),
      }));
  }

  async inspectContainer(idOrName: string): Promise<ContainerState | undefined> {
    const json = await this.optional(`inspect container ${idOrName}`, () => this.docker.getContainer(idOrName).inspect());
    return json ? mapInspect(json as unknown as InspectJson) : undefined;
  }

  async createContainer(spec: ContainerCreateSpec): Promise<string> {
    const { apiVersion, podman } = await this.engineFacts();
    const container = await this.call(`create container ${spec.name}`, () =>
      this.docker.createContainer(toCreateOptions(spec, apiVersion, Boolean(podman)) as Docker.ContainerCreateOptions),
    );
    return container.id;
  }

  async startContainer(id: string): Promise<void> {
    try {
      await this.call(`start container ${id.slice(0, 12)}`, () => this.docker.getContainer(id).start());
    } catch (error) {
      if (error instanceof EngineError && error.statusCode === 304) return;
      throw error;
    }
  }

  async stopContainer(id: string, timeoutSec: number): Promise<void> {
    try {
      if (await this.ignoresStopSignal(id)) {
        await this.call(`kill container ${id.slice(0, 12)} (its PID 1 ignores the stop signal)`, () =>
          this.docker.getContainer(id).kill({ signal: 'SIGKILL' }),
        );
        return;
      }
      await this.call(`stop container ${id.slice(0, 12)}`, () => this.docker.getContainer(id).stop({ t: timeoutSec }));
    } catch (error) {
      // 304: already stopped; 404: already gone. Both are the state the caller wanted.
      if (error instanceof EngineError && (error.statusCode === 304 || error.statusCode === 404)) return;
      throw error;
    }
  }

  /** Only for a local engine, whose container PIDs are this host's: see signal-disposition.ts. */
  private async ignoresStopSignal(id: string): Promise<boolean> {
    if (!this.endpoint.url.startsWith('unix:')) return false;
    const json = await this.optional(`inspect container ${id.slice(0, 12)}`, () => this.docker.getContainer(id).inspect());
    if (!json || !json.State.Running || json.State.Paused) return false;
    const stopSignal = (json.Config as { StopSignal?: string }).StopSignal || 'SIGTERM';
    return (await catchesSignal(json.State.Pid, stopSignal)) === false;
  }

  async killContainer(id: string, signal = 'SIGKILL'): Promise<void> {
    try {
      await this.call(`kill container ${id.slice(0, 12)}`, () => this.docker.getContainer(id).kill({ signal }));
    } catch (error) {
      if (error instanceof EngineError && (error.statusCode === 409 || error.statusCode === 404)) return;
      throw error;
    }
  }

  async removeContainer(id: string, force: boolean): Promise<void> {
    try {
      await this.removeOnce(id, force);
    } catch (error) {
      const dependents = error instanceof EngineError ? dependentContainers(error.message) : [];
      if (!dependents.length || !(await this.removeWatchHelpers(dependents))) throw error;
      await this.removeOnce(id, force);
    }
  }

  private async removeOnce(id: string, force: boolean): Promise<void> {
    try {
      await this.call(`remove container ${id.slice(0, 12)}`, () => this.docker.getContainer(id).remove({ force, v: false }));
    } catch (error) {
      if (error instanceof EngineError && error.statusCode === 404) return;
      throw error;
    }
  }

  /**
   * Podman refuses to remove a container whose PID namespace another one joined, where Docker removes
   * it and the joiner dies with it. devstack's own watch helpers join that way (src/watch/remover.ts):
   * those go first. True when every dependent was one; any other container is left, and so is the error.
   */
  private async removeWatchHelpers(ids: string[]): Promise<boolean> {
    const states = await Promise.all(ids.map((dependent) => this.inspectContainer(dependent)));
    if (!states.every((state) => !state || state.labels[LABEL_ONE_OFF] === 'watch-helper')) return false;
    await Promise.all(ids.map((dependent) => this.removeOnce(dependent, true)));
    return true;
  }

  async pauseContainer(id: string): Promise<void> {
    await this.call(`pause container ${id.slice(0, 12)}`, () => this.docker.getContainer(id).pause());
  }

  async unpauseContainer(id: string): Promise<void> {
    try {
      await this.call(`unpause container ${id.slice(0, 12)}`, () => this.docker.getContainer(id).unpause());
    } catch (error) {
      // 409: it is not paused, the state the caller wanted.
      if (error instanceof EngineError && error.statusCode === 409) return;
      throw error;
    }
  }

  async containerSizes(labels: Record<string, string | true>): Promise<Record<string, number | undefined>> {
    const list = await this.call('list containers with sizes', () =>
      this.docker.listContainers({ all: true, size: true, filters: { label: labelFilter(labels) } }),
    );
    // The engine leaves SizeRw out when nothing was written.
    return Object.fromEntries(list.filter((c) => hasLabels(c.Labels, labels)).map((c) => [c.Id, (c as { SizeRw?: number }).SizeRw ?? 0]));
  }
}

/** The containers Podman names in its refusal ("has dependent containers which must be removed before it: ID, ID"). */
export function dependentContainers(message: string): string[] {
  const listed = /has dependent containers which must be removed before it: ([0-9a-f, ]+)/.exec(message)?.[1];
  return listed ? listed.split(/[ ,]+/).filter((id) => /^[0-9a-f]{12,64}$/.test(id)) : [];
}
