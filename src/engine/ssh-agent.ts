import { Agent } from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import { HostKeyRejected, judgeHostKey, preferredHostKeyAlgorithms, type HostKeyVerdict, type KnownHostEntry } from './known-hosts.js';

/** The part of ssh2's Client we use; ssh2 comes with dockerode (through docker-modem), loaded only for ssh:// engines. */
interface SshClient {
  connect(config: object): void;
  exec(command: string, callback: (error: Error | undefined, stream: Duplex) => void): void;
  once(event: 'ready' | 'close', listener: () => void): SshClient;
  once(event: 'error', listener: (error: Error) => void): SshClient;
  end(): void;
  _sock?: { ref(): void; unref(): void };
}

function loadSshClient(): new () => SshClient {
  const require = createRequire(import.meta.url);
  const modem = createRequire(require.resolve('dockerode')).resolve('docker-modem');
  return (createRequire(modem)('ssh2') as { Client: new () => SshClient }).Client;
}

/**
 * HTTP to the engine over ssh, as the Docker CLI does it: every connection is a `docker system
 * dial-stdio` channel of ONE ssh session per process. (docker-modem's own transport opens a new ssh
 * session, handshake and all, for every API call, and builds an invalid `ssh:` URL that Node warns
 * about on stderr.) The session keeps the process alive only while a channel is open.
 */
export interface SshConfig {
  host: string;
  port: number;
  username: string;
  agent?: string;
  privateKey?: Buffer;
  /** The user's known_hosts entries: the host must show a key they vouch for, as OpenSSH's client requires. */
  knownHosts: KnownHostEntry[];
}

export function sshAgent(config: SshConfig): Agent {
  let session: Promise<SshClient> | undefined;
  let open = 0;
  const Client = loadSshClient();
  const connect = (): Promise<SshClient> =>
    (session ??= new Promise((resolve, reject) => {
      const client = new Client();
      let judged: HostKeyVerdict | undefined;
      client
        .once('ready', () => resolve(client))
        .once('error', (error) => {
          session = undefined;
          reject(judged && judged.verdict !== 'known' ? new HostKeyRejected(judged) : error);
        })
        .once('close', () => (session = undefined));
      const { knownHosts, ...login } = config;
      const preferred = preferredHostKeyAlgorithms(knownHosts, config.host, config.port);
      client.connect({
        ...login,
        readyTimeout: 20_000,
        // Offer the key types known_hosts holds first, as ssh does, so a host with several keys shows the one we know.
        ...(preferred.length ? { algorithms: { serverHostKey: { remove: preferred, prepend: preferred } } } : {}),
        hostVerifier: (key: Buffer) => {
          judged = judgeHostKey(knownHosts, config.host, config.port, key);
          return judged.verdict === 'known';
        },
      });
    }));
  const hold = (client: SshClient, delta: number) => {
    open += delta;
    if (open > 0) client._sock?.ref();
    else client._sock?.unref();
  };
  const agent = new Agent();
  (agent as unknown as { createConnection: (options: object, callback: (error: Error | null, stream?: Duplex) => void) => undefined }).createConnection = (
    _options,
    callback,
  ) => {
    connect().then(
      (client) => {
        // Held from the request on, not from the channel: an unref'd session would let the process exit mid-call.
        hold(client, 1);
        client.exec('docker system dial-stdio', (error, stream) => {
          if (error) {
            hold(client, -1);
            return callback(error);
          }
          // Held until the far end confirms the close: ssh2's destroy() only asks for it (EOF, then CLOSE),
          // and a session let go before the answer lets the process exit with a stream still waiting on it.
          stream.once('close', () => hold(client, -1));
          // The engine is done sending: tell the far end we are too, or dial-stdio lingers and so does the session.
          stream.once('end', () => stream.end());
          callback(null, stream);
        });
      },
      (error: Error) => callback(error),
    );
    return undefined;
  };
  return agent;
}
