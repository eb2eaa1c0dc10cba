import { EngineError } from '../errors.js';
import type { Engine, VolumeState } from './types.js';
import { DockerArea, hasLabels, labelFilter } from './docker-area.js';

/** Volumes and their sizes. */
export class DockerVolumes extends DockerArea implements Pick<Engine, 'listVolumes' | 'inspectVolume' | 'createVolume' | 'removeVolume' | 'volumeSizes'> {
  async listVolumes(labels: Record<string, string | true>): Promise<VolumeState[]> {
    const list = await this.call('list volumes', () => this.docker.listVolumes({ filters: { label: labelFilter(labels) } }));
    return (list.Volumes ?? []).filter((v) => hasLabels(v.Labels, labels)).map((v) => ({ name: v.Name, labels: v.Labels ?? {} }));
  }

  async inspectVolume(name: string): Promise<VolumeState | undefined> {
    const json = await this.optional(`inspect volume ${name}`, () => this.docker.getVolume(name).inspect());
    return json ? { name: json.Name, labels: json.Labels ?? {} } : undefined;
  }

  async createVolume(name: string, labels: Record<string, string>): Promise<void> {
    await this.call(`create volume ${name}`, () => this.docker.createVolume({ Name: name, Labels: labels }));
  }

  async removeVolume(name: string): Promise<void> {
    await this.optional(`remove volume ${name}`, () => this.docker.getVolume(name).remove());
  }

  async volumeSizes(): Promise<Record<string, number | undefined>> {
    const df = (await this.diskUsage()) as { Volumes?: Array<{ Name: string; UsageData?: { Size?: number } | null }> | null };
    // The engine answers -1 for a size it has not measured.
    return Object.fromEntries((df.Volumes ?? []).map((v) => [v.Name, v.UsageData?.Size !== undefined && v.UsageData.Size >= 0 ? v.UsageData.Size : undefined]));
  }

  /**
   * Podman's disk usage fails as a whole when a container it listed is removed before it reads its
   * state ("failed to get state of container ...: no such container"), which a snapshot's helper
   * containers, gone a moment before, make likely. That is no answer about the volumes: asked again.
   */
  private async diskUsage(): Promise<unknown> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.call('disk usage', () => this.docker.df());
      } catch (error) {
        const raced = error instanceof EngineError && /failed to get state of container .*no such container/.test(error.message);
        if (!raced || attempt === 3) throw error;
      }
    }
  }
}
