import type Docker from 'dockerode';
import type { EngineEndpoint } from './endpoint.js';
import { modemOptions } from './modem-options.js';
import { explainRefusal } from './connect-failure.js';
import { loadDockerode } from './load-dockerode.js';
import { engineUnavailable } from './docker-area.js';
import { DockerArchives } from './docker-archives.js';
import { DockerBuilds } from './docker-builds.js';
import { DockerContainers } from './docker-containers.js';
import { DockerImages } from './docker-images.js';
import { DockerNetworks } from './docker-networks.js';
import { DockerProcesses } from './docker-processes.js';
import { DockerStreams } from './docker-streams.js';
import { DockerSystem } from './docker-system.js';
import { DockerVolumes } from './docker-volumes.js';
import type { Engine } from './types.js';

/**
 * Everything devstack asks of Docker goes through here; each engine answer we know is turned into meaning.
 * The work is done by one object an area (docker-containers.ts, docker-images.ts, ...); this class is the
 * `Engine` the rest of devstack sees, handing each call to its area.
 */
export class DockerEngine implements Engine {
  private readonly containers: DockerContainers;
  private readonly images: DockerImages;
  private readonly builds: DockerBuilds;
  private readonly processes: DockerProcesses;
  private readonly archives: DockerArchives;
  private readonly networks: DockerNetworks;
  private readonly volumes: DockerVolumes;
  private readonly streams: DockerStreams;
  private readonly system: DockerSystem;

  private constructor(
    private readonly docker: Docker,
    endpoint: EngineEndpoint,
  ) {
    this.containers = new DockerContainers(docker, endpoint);
    this.images = new DockerImages(docker, endpoint);
    this.builds = new DockerBuilds(docker, endpoint, this.images);
    this.processes = new DockerProcesses(docker, endpoint);
    this.archives = new DockerArchives(docker, endpoint);
    this.networks = new DockerNetworks(docker, endpoint);
    this.volumes = new DockerVolumes(docker, endpoint);
    this.streams = new DockerStreams(docker, endpoint);
    this.system = new DockerSystem(docker, endpoint);
  }

  /** Connects and pings within a bound, so "no engine" is said fast and with what was tried. */
  static async connect(endpoint: EngineEndpoint, timeoutMs = 3000): Promise<DockerEngine> {
    const DockerCtor = loadDockerode();
    const engine = new DockerEngine(new DockerCtor(modemOptions(endpoint)), endpoint);
    let timer: NodeJS.Timeout | undefined;
    // Aborted on timeout: a connection left open to a silent endpoint would keep the process alive after the report.
    const abort = new AbortController();
    // dockerode's types omit the abortSignal option that its ping passes on to docker-modem.
    const ping = engine.docker.ping.bind(engine.docker) as unknown as (options: { abortSignal: AbortSignal }) => Promise<unknown>;
    try {
      await Promise.race([
        ping({ abortSignal: abort.signal }),
        new Promise((_, reject) => {
          timer = setTimeout(() => {
            abort.abort();
            reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
          }, timeoutMs);
        }),
      ]);
    } catch (error) {
      throw explainRefusal(endpoint, error) ?? engineUnavailable(endpoint, error);
    } finally {
      clearTimeout(timer);
    }
    return engine;
  }

  readonly info: Engine['info'] = () => this.system.info();
  readonly systemInfo: Engine['systemInfo'] = () => this.system.systemInfo();

  readonly listContainers: Engine['listContainers'] = (labels) => this.containers.listContainers(labels);
  readonly inspectContainer: Engine['inspectContainer'] = (idOrName) => this.containers.inspectContainer(idOrName);
  readonly createContainer: Engine['createContainer'] = (spec) => this.containers.createContainer(spec);
  readonly startContainer: Engine['startContainer'] = (id) => this.containers.startContainer(id);
  readonly stopContainer: Engine['stopContainer'] = (id, timeoutSec) => this.containers.stopContainer(id, timeoutSec);
  readonly killContainer: Engine['killContainer'] = (id, signal) => this.containers.killContainer(id, signal);
  readonly removeContainer: Engine['removeContainer'] = (id, force) => this.containers.removeContainer(id, force);
  readonly pauseContainer: Engine['pauseContainer'] = (id) => this.containers.pauseContainer(id);
  readonly unpauseContainer: Engine['unpauseContainer'] = (id) => this.containers.unpauseContainer(id);
  readonly containerSizes: Engine['containerSizes'] = (labels) => this.containers.containerSizes(labels);

  readonly imageId: Engine['imageId'] = (ref) => this.images.imageId(ref);
  readonly imageConfig: Engine['imageConfig'] = (ref) => this.images.imageConfig(ref);
  readonly imageDetails: Engine['imageDetails'] = (ref) => this.images.imageDetails(ref);
  readonly listImages: Engine['listImages'] = (labels, options) => this.images.listImages(labels, options);
  readonly removeImage: Engine['removeImage'] = (id) => this.images.removeImage(id);
  readonly pullImage: Engine['pullImage'] = (ref, onProgress, signal) => this.images.pullImage(ref, onProgress, signal);
  readonly registryDigest: Engine['registryDigest'] = (ref, timeoutMs) => this.images.registryDigest(ref, timeoutMs);
  readonly buildImage: Engine['buildImage'] = (context, options, onLine, signal) => this.builds.buildImage(context, options, onLine, signal);

  readonly exec: Engine['exec'] = (id, cmd, timeoutMs) => this.processes.exec(id, cmd, timeoutMs);
  readonly execAttached: Engine['execAttached'] = (id, spec, io) => this.processes.execAttached(id, spec, io);
  readonly attachContainer: Engine['attachContainer'] = (id, io) => this.processes.attachContainer(id, io);
  readonly execStream: Engine['execStream'] = (id, spec, streams) => this.processes.execStream(id, spec, streams);
  readonly getArchive: Engine['getArchive'] = (id, path) => this.archives.getArchive(id, path);
  readonly putArchive: Engine['putArchive'] = (id, dir, tar) => this.archives.putArchive(id, dir, tar);

  readonly listNetworks: Engine['listNetworks'] = (labels) => this.networks.listNetworks(labels);
  readonly inspectNetwork: Engine['inspectNetwork'] = (name) => this.networks.inspectNetwork(name);
  readonly createNetwork: Engine['createNetwork'] = (name, labels) => this.networks.createNetwork(name, labels);
  readonly removeNetwork: Engine['removeNetwork'] = (id) => this.networks.removeNetwork(id);
  readonly listVolumes: Engine['listVolumes'] = (labels) => this.volumes.listVolumes(labels);
  readonly inspectVolume: Engine['inspectVolume'] = (name) => this.volumes.inspectVolume(name);
  readonly createVolume: Engine['createVolume'] = (name, labels) => this.volumes.createVolume(name, labels);
  readonly removeVolume: Engine['removeVolume'] = (name) => this.volumes.removeVolume(name);
  readonly volumeSizes: Engine['volumeSizes'] = () => this.volumes.volumeSizes();

  readonly containerLogs: Engine['containerLogs'] = (id, tail) => this.streams.containerLogs(id, tail);
  readonly events: Engine['events'] = (filters, signal) => this.streams.events(filters, signal);
  readonly logs: Engine['logs'] = (id, request, signal) => this.streams.logs(id, request, signal);
  readonly stats: Engine['stats'] = (id, signal) => this.streams.stats(id, signal);
}
