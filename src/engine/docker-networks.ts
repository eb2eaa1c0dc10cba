import type { Engine, NetworkState } from './types.js';
import { DockerArea, hasLabels, labelFilter } from './docker-area.js';

/** Networks. */
export class DockerNetworks extends DockerArea implements Pick<Engine, 'listNetworks' | 'inspectNetwork' | 'createNetwork' | 'removeNetwork'> {
  async listNetworks(labels: Record<string, string | true>): Promise<NetworkState[]> {
    const list = await this.call('list networks', () => this.docker.listNetworks({ filters: { label: labelFilter(labels) } }));
    return list.filter((n) => hasLabels(n.Labels, labels)).map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} }));
  }

  async inspectNetwork(name: string): Promise<NetworkState | undefined> {
    const json = await this.optional(`inspect network ${name}`, () => this.docker.getNetwork(name).inspect());
    return json ? { id: json.Id, name: json.Name, labels: json.Labels ?? {} } : undefined;
  }

  async createNetwork(name: string, labels: Record<string, string>): Promise<string> {
    const network = await this.call(`create network ${name}`, () =>
      this.docker.createNetwork({ Name: name, Driver: 'bridge', Labels: labels, CheckDuplicate: true }),
    );
    return network.id;
  }

  async removeNetwork(id: string): Promise<void> {
    await this.optional(`remove network ${id}`, () => this.docker.getNetwork(id).remove());
  }
}
