import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs/light.js';
import { message } from './buildkit-protos.js';
import { debug } from './debug-log.js';

/** What a build may read through the session: secret bytes by id, and ssh agent sockets by id. */
export interface SessionProviders {
  /** Called when a RUN step mounts the secret; the bytes go to the engine and nowhere else. */
  secrets: Map<string, () => Buffer>;
  /** The agent socket each `--mount=type=ssh,id=...` is forwarded to. */
  ssh: Map<string, string>;
}

/** Dials the engine's /session endpoint and hands back the hijacked socket (docker-modem does the HTTP upgrade). */
export type SessionDialer = (headers: Record<string, string | string[]>) => Promise<Duplex>;

export interface BuildSession {
  id: string;
  close(): void;
}

function unary(path: string, request: string, response: string): grpc.MethodDefinition<object, object> {
  return stream(path, request, response, false);
}

function stream(path: string, request: string, response: string, streaming = true): grpc.MethodDefinition<object, object> {
  const codec = (type: protobuf.Type) => ({
    serialize: (value: object) => Buffer.from(type.encode(type.fromObject(value)).finish()),
    deserialize: (bytes: Buffer) => type.toObject(type.decode(bytes)) as object,
  });
  const req = codec(message(request));
  const res = codec(message(response));
  return {
    path,
    requestStream: streaming,
    responseStream: streaming,
    requestSerialize: req.serialize,
    requestDeserialize: req.deserialize,
    responseSerialize: res.serialize,
    responseDeserialize: res.deserialize,
  };
}

const HEALTH = { Check: unary('/grpc.health.v1.Health/Check', 'grpc.health.v1.HealthCheckRequest', 'grpc.health.v1.HealthCheckResponse') };
/** HealthCheckResponse.ServingStatus.SERVING. */
const SERVING = 1;
const AUTH = { Credentials: unary('/moby.filesync.v1.Auth/Credentials', 'moby.filesync.v1.CredentialsRequest', 'moby.filesync.v1.CredentialsResponse') };
const SECRETS = {
  GetSecret: unary('/moby.buildkit.secrets.v1.Secrets/GetSecret', 'moby.buildkit.secrets.v1.GetSecretRequest', 'moby.buildkit.secrets.v1.GetSecretResponse'),
};
const SSH = {
  CheckAgent: unary('/moby.sshforward.v1.SSH/CheckAgent', 'moby.sshforward.v1.CheckAgentRequest', 'moby.sshforward.v1.CheckAgentResponse'),
  ForwardAgent: stream('/moby.sshforward.v1.SSH/ForwardAgent', 'moby.sshforward.v1.BytesMessage', 'moby.sshforward.v1.BytesMessage'),
};
/** BuildKit's metadata key naming which ssh id a forwarded connection is for. */
const SSH_ID_KEY = 'buildkit.ssh.id';

const notFound = (what: string): grpc.ServiceError =>
  Object.assign(new Error(what), { code: grpc.status.NOT_FOUND, details: what, metadata: new grpc.Metadata() });

/**
 * A BuildKit session: the engine dials back into it (gRPC over the hijacked /session connection) for
 * registry credentials, build secrets and ssh agent forwarding while a `version=2` build runs.
 * dockerode's own session answers credentials only, so devstack keeps its own.
 */
export async function openBuildSession(dial: SessionDialer, providers: SessionProviders): Promise<BuildSession> {
  const id = randomUUID();
  const server = new grpc.Server();
  // BuildKit checks the session's health every few seconds and drops a session that does not answer.
  server.addService(HEALTH, { Check: (_call: grpc.ServerUnaryCall<object, object>, done: grpc.sendUnaryData<object>) => done(null, { status: SERVING }) });
  server.addService(AUTH, {
    // Anonymous: the engine then pulls as `docker pull` would without a login.
    Credentials: (_call: grpc.ServerUnaryCall<object, object>, done: grpc.sendUnaryData<object>) => done(null, {}),
  });
  server.addService(SECRETS, {
    GetSecret: (call: grpc.ServerUnaryCall<{ ID?: string }, object>, done: grpc.sendUnaryData<object>) => {
      const read = providers.secrets.get(call.request.ID ?? '');
      debug('buildkit', `secret ${call.request.ID}: ${read ? 'given' : 'not declared'}`);
      if (!read) return done(notFound(`secret ${call.request.ID} not declared for this build`));
      try {
        done(null, { data: read() });
      } catch (error) {
        done(notFound(`secret ${call.request.ID}: ${(error as Error).message}`));
      }
    },
  });
  server.addService(SSH, {
    CheckAgent: (call: grpc.ServerUnaryCall<{ ID?: string }, object>, done: grpc.sendUnaryData<object>) =>
      providers.ssh.has(call.request.ID || 'default') ? done(null, {}) : done(notFound(`ssh ${call.request.ID || 'default'} not declared for this build`)),
    ForwardAgent: (call: grpc.ServerDuplexStream<{ data?: Uint8Array }, object>) => forwardAgent(call, providers.ssh),
  });
  const headers: Record<string, string | string[]> = {
    Upgrade: 'h2c',
    'X-Docker-Expose-Session-Uuid': id,
    'X-Docker-Expose-Session-Name': 'devstack',
    'X-Docker-Expose-Session-Sharedkey': id,
    'X-Docker-Expose-Session-Grpcmethod': [...Object.values(HEALTH), ...Object.values(AUTH), ...Object.values(SECRETS), ...Object.values(SSH)].map(
      (m) => m.path,
    ),
  };
  const socket = await dial(headers);
  socket.on('close', () => debug('buildkit', `session ${id}: connection closed`));
  server.createConnectionInjector(grpc.ServerCredentials.createInsecure()).injectConnection(asPlainStream(socket));
  return {
    id,
    close: () => {
      server.forceShutdown();
      socket.destroy();
    },
  };
}

/**
 * The hijacked connection as a plain stream. Over TLS it is a TLSSocket, and Node's HTTP/2 works on a
 * socket's native handle when it has one: on the upgraded TLS connection that gave the engine bytes
 * that were no HTTP/2 ("error reading server preface: http2: frame too large"). Through a plain Duplex
 * HTTP/2 reads and writes by the stream, as it does over a unix socket or an ssh channel.
 */
function asPlainStream(socket: Duplex): Duplex {
  if (!(socket instanceof TLSSocket)) return socket;
  const plain = new Duplex({
    read: () => socket.resume(),
    write: (chunk: Buffer, _encoding, done) => void socket.write(chunk, done),
    final: (done) => void socket.end(done),
    destroy: (error, done) => {
      socket.destroy(error ?? undefined);
      done(error);
    },
  });
  socket.on('data', (chunk: Buffer) => {
    if (!plain.push(chunk)) socket.pause();
  });
  socket.on('end', () => plain.push(null));
  socket.on('error', (error) => plain.destroy(error));
  socket.on('close', () => plain.destroy());
  return plain;
}

function forwardAgent(call: grpc.ServerDuplexStream<{ data?: Uint8Array }, object>, agents: Map<string, string>): void {
  const id = String(call.metadata.get(SSH_ID_KEY)[0] ?? '') || 'default';
  const path = agents.get(id);
  debug('buildkit', `ssh ${id}: ${path ?? 'not declared'}`);
  if (!path) return void call.destroy(notFound(`ssh ${id} not declared for this build`));
  const agent: Socket = connect(path);
  agent.on('data', (data: Buffer) => call.write({ data }));
  agent.on('error', (error) => debug('buildkit', `ssh ${id}: ${error.message}`));
  agent.on('error', (error) => call.destroy(Object.assign(error, { code: grpc.status.UNAVAILABLE })));
  agent.on('close', () => call.end());
  call.on('data', (chunk: { data?: Uint8Array }) => chunk.data && agent.write(chunk.data));
  call.on('end', () => agent.end());
  call.on('error', () => agent.destroy());
}

/**
 * One session shared by the builds a process runs side by side (`build` of several services), open while
 * any of them runs: BuildKit solves a step two builds share once, and may ask either build's session for
 * it, so one build's session closing must not cut off the other. A build whose ids clash with a running
 * one's (same id, other source) gets a session of its own.
 */
export class SharedBuildSessions {
  private open?: Promise<BuildSession>;
  private users = 0;
  private readonly providers: SessionProviders = { secrets: new Map(), ssh: new Map() };
  private readonly sources = new Map<string, string>();

  constructor(private readonly dial: SessionDialer) {}

  async acquire(providers: SessionProviders, sources: Map<string, string>): Promise<{ id: string; release(): void }> {
    if ([...sources].some(([key, source]) => this.sources.has(key) && this.sources.get(key) !== source)) {
      const own = await openBuildSession(this.dial, providers);
      return { id: own.id, release: () => own.close() };
    }
    for (const [id, read] of providers.secrets) if (!this.providers.secrets.has(id)) this.providers.secrets.set(id, read);
    for (const [id, socket] of providers.ssh) if (!this.providers.ssh.has(id)) this.providers.ssh.set(id, socket);
    for (const [key, source] of sources) this.sources.set(key, source);
    this.users += 1;
    this.open ??= openBuildSession(this.dial, this.providers);
    let session: BuildSession;
    try {
      session = await this.open;
    } catch (error) {
      this.release();
      throw error;
    }
    let released = false;
    return {
      id: session.id,
      release: () => {
        if (released) return;
        released = true;
        this.release();
      },
    };
  }

  private release(): void {
    this.users -= 1;
    debug('buildkit', `session released, ${this.users} builds still using it`);
    if (this.users > 0) return;
    const open = this.open;
    this.open = undefined;
    this.providers.secrets.clear();
    this.providers.ssh.clear();
    this.sources.clear();
    void open?.then(
      (session) => session.close(),
      () => undefined,
    );
  }
}
