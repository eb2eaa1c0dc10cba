// The light build: JSON descriptors need no .proto parser, which is most of protobufjs' load time.
import protobuf from 'protobufjs/light.js';

/**
 * The parts of BuildKit's wire schema devstack speaks, as protobufjs JSON descriptors: the status
 * stream (control.proto's StatusResponse) and the session services the engine calls back on
 * (gRPC's health check, auth.proto, secrets.proto, ssh.proto). Held inline, not as .proto files, so the bundled CLI has
 * no schema file to find at run time. Field numbers are BuildKit's; only what we read or answer is kept.
 */
const timestamp = { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } };

export const buildkitRoot = protobuf.Root.fromJSON({
  nested: {
    google: { nested: { protobuf: { nested: { Timestamp: timestamp } } } },
    grpc: {
      nested: {
        health: {
          nested: {
            v1: {
              nested: {
                HealthCheckRequest: { fields: { service: { type: 'string', id: 1 } } },
                HealthCheckResponse: { fields: { status: { type: 'int32', id: 1 } } },
              },
            },
          },
        },
      },
    },
    moby: {
      nested: {
        buildkit: {
          nested: {
            v1: {
              nested: {
                StatusResponse: {
                  fields: {
                    vertexes: { rule: 'repeated', type: 'Vertex', id: 1 },
                    statuses: { rule: 'repeated', type: 'VertexStatus', id: 2 },
                    logs: { rule: 'repeated', type: 'VertexLog', id: 3 },
                  },
                },
                Vertex: {
                  fields: {
                    digest: { type: 'string', id: 1 },
                    inputs: { rule: 'repeated', type: 'string', id: 2 },
                    name: { type: 'string', id: 3 },
                    cached: { type: 'bool', id: 4 },
                    started: { type: 'google.protobuf.Timestamp', id: 5 },
                    completed: { type: 'google.protobuf.Timestamp', id: 6 },
                    error: { type: 'string', id: 7 },
                  },
                },
                VertexStatus: {
                  fields: {
                    ID: { type: 'string', id: 1 },
                    vertex: { type: 'string', id: 2 },
                    name: { type: 'string', id: 3 },
                    current: { type: 'int64', id: 4 },
                    total: { type: 'int64', id: 5 },
                    timestamp: { type: 'google.protobuf.Timestamp', id: 6 },
                    started: { type: 'google.protobuf.Timestamp', id: 7 },
                    completed: { type: 'google.protobuf.Timestamp', id: 8 },
                  },
                },
                VertexLog: {
                  fields: {
                    vertex: { type: 'string', id: 1 },
                    timestamp: { type: 'google.protobuf.Timestamp', id: 2 },
                    stream: { type: 'int64', id: 3 },
                    msg: { type: 'bytes', id: 4 },
                  },
                },
              },
            },
            secrets: {
              nested: {
                v1: {
                  nested: {
                    GetSecretRequest: { fields: { ID: { type: 'string', id: 1 } } },
                    GetSecretResponse: { fields: { data: { type: 'bytes', id: 1 } } },
                  },
                },
              },
            },
          },
        },
        filesync: {
          nested: {
            v1: {
              nested: {
                CredentialsRequest: { fields: { Host: { type: 'string', id: 1 } } },
                CredentialsResponse: { fields: { Username: { type: 'string', id: 1 }, Secret: { type: 'string', id: 2 } } },
              },
            },
          },
        },
        sshforward: {
          nested: {
            v1: {
              nested: {
                BytesMessage: { fields: { data: { type: 'bytes', id: 1 } } },
                CheckAgentRequest: { fields: { ID: { type: 'string', id: 1 } } },
                CheckAgentResponse: { fields: {} },
              },
            },
          },
        },
      },
    },
  },
});

export const message = (name: string): protobuf.Type => buildkitRoot.lookupType(name);
