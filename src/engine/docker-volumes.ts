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
    const df = (await this.call('disk usage', () => this.docker.df())) as { Volumes?: Array<{ Name: string; UsageData?: { Size?: number } | null }> | null };
    // The engine answers -1 for a size it has not measured.
    return Object.fromEntries((df.Volumes ?? []).map((v) => [v.Name, v.UsageData?.Size !== undefined && v.UsageData.Size >= 0 ? v.UsageData.Size : undefined]));
  }
}
