import type { Engine, EngineInfo, EngineSystem } from './types.js';
import { DockerArea } from './docker-area.js';

/** What the engine says of itself: version and host facts. */
export class DockerSystem extends DockerArea implements Pick<Engine, 'info' | 'systemInfo'> {
  async info(): Promise<EngineInfo> {
    const version = await this.call('version', () => this.docker.version());
    return { endpoint: this.endpoint.url, serverVersion: version.Version, apiVersion: version.ApiVersion, os: version.Os };
  }

  async systemInfo(): Promise<EngineSystem> {
    const info = (await this.call('system info', () => this.docker.info())) as {
      DockerRootDir?: string;
      MemTotal?: number;
      NCPU?: number;
      SystemTime?: string;
      SecurityOptions?: string[] | null;
    };
    const version = await this.call('version', () => this.docker.version());
    return {
      rootDir: info.DockerRootDir ?? '',
      memTotalBytes: info.MemTotal ?? 0,
      cpus: info.NCPU ?? 0,
      systemTime: info.SystemTime ?? '',
      rootless: (info.SecurityOptions ?? []).some((option) => option.includes('rootless')),
      product: version.Components?.[0]?.Name ?? 'Docker Engine',
    };
  }
}
