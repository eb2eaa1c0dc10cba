import { describe, expect, it } from 'vitest';
import { dockerfileRules } from '../../../src/lint/dockerfile/dockerfile-rules.js';
import { dockerfileTarget } from '../../../src/lint/dockerfile/target.js';
import type { ServiceSpec } from '../../../src/model/stack.js';
import { service } from '../support/stack.js';

interface Case {
  rule: string;
  trips: string[];
  /** [line, column] of each finding. */
  at: Array<[number, number]>;
  passes: string[];
  services?: ServiceSpec[];
}

const web = service('web', { ports: [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 8080, protocol: 'tcp' }] });
/** A service whose build forces the legacy builder (`build.x-devstack.builder: legacy`). */
const legacy = service('old', { build: { context: '/p', dockerfile: 'Dockerfile', args: {}, labels: {}, builder: 'legacy' } });

const CASES: Case[] = [
  {
    rule: 'dockerfile/multi-stage',
    trips: ['# build and run in one', 'FROM golang:1.22', 'RUN go build -o /app .'],
    at: [[2, 1]],
    passes: ['FROM golang:1.22 AS build', 'RUN go build -o /app .', 'FROM alpine:3.20', 'COPY --from=build /app /app'],
  },
  {
    rule: 'dockerfile/non-root-user',
    trips: ['FROM alpine:3.20 AS build', 'USER app', 'FROM alpine:3.20', 'RUN true', 'USER root'],
    at: [[5, 1]],
    passes: ['FROM alpine:3.20', 'USER root', 'RUN adduser -D app', 'USER app'],
  },
  {
    rule: 'dockerfile/healthcheck',
    trips: ['FROM alpine:3.20 AS build', 'HEALTHCHECK CMD true', 'FROM alpine:3.20'],
    at: [[3, 1]],
    passes: ['FROM alpine:3.20', 'HEALTHCHECK CMD ["true"]'],
  },
  {
    rule: 'dockerfile/pinned-base',
    trips: ['FROM node AS deps', 'FROM alpine:latest', 'FROM deps'],
    at: [
      [1, 6],
      [2, 6],
    ],
    passes: ['FROM node:20.11 AS deps', 'FROM deps', 'FROM alpine@sha256:0466223b8544fb7d4ff04748acc4d75a608234bf4e79563bff208d2060c0dd79', 'FROM scratch'],
  },
  {
    rule: 'dockerfile/copy-not-add',
    trips: ['FROM alpine:3.20', 'ADD --chown=app src/ /app/'],
    at: [[2, 1]],
    passes: ['FROM alpine:3.20', 'ADD https://example.com/tool.tgz /opt/', 'ADD rootfs.tar.gz /', 'COPY src/ /app/'],
  },
  {
    rule: 'dockerfile/package-cache',
    trips: ['FROM debian:12', 'RUN apt-get update && \\', '    apt-get install -y curl', 'RUN apk add curl', 'RUN pip install -r requirements.txt'],
    at: [
      [2, 1],
      [4, 1],
      [5, 1],
    ],
    passes: [
      'FROM debian:12',
      'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
      'RUN apk add --no-cache curl',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
    ],
  },
  {
    rule: 'dockerfile/manifests-first',
    trips: ['FROM node:20.11', 'WORKDIR /app', 'COPY . .', 'RUN npm ci'],
    at: [[3, 1]],
    passes: ['FROM node:20.11', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci', 'COPY . .'],
  },
  {
    rule: 'dockerfile/no-secrets',
    trips: ['FROM alpine:3.20', 'ARG GITHUB_TOKEN', 'ENV APP_MODE=dev DB_PASSWORD=hunter2', 'ENV UPLOAD=AKIAIOSFODNN7EXAMPLE'],
    at: [
      [2, 5],
      [3, 18],
      [4, 12],
    ],
    passes: ['FROM alpine:3.20', 'ARG VERSION=1.2', 'ENV APP_MODE=dev PORT=8080 KEY_PREFIX=app'],
  },
  {
    rule: 'dockerfile/exec-form',
    trips: ['FROM alpine:3.20', 'ENTRYPOINT /app/run', 'CMD --port 80'],
    at: [
      [2, 1],
      [3, 1],
    ],
    passes: ['FROM alpine:3.20', 'ENTRYPOINT ["/app/run"]', 'CMD ["--port", "80"]'],
  },
  {
    rule: 'dockerfile/expose-matches-stack',
    trips: ['FROM alpine:3.20', 'EXPOSE 3000'],
    // The stray EXPOSE first, then the port the image lacks.
    at: [
      [2, 8],
      [2, 1],
    ],
    passes: ['FROM alpine:3.20', 'EXPOSE 8080/tcp'],
    services: [web],
  },
  {
    rule: 'dockerfile/needs-buildkit',
    trips: [
      '# syntax=docker/dockerfile:1',
      'FROM node:20.11',
      'RUN --mount=type=cache,target=/root/.npm npm ci',
      'RUN --mount=type=secret,id=npmrc cat /run/secrets/npmrc',
    ],
    at: [
      [1, 1],
      [3, 1],
      [4, 1],
    ],
    passes: ['FROM node:20.11', 'RUN npm ci && npm cache clean --force'],
    services: [legacy],
  },
];

function hitsOf(ruleId: string, lines: string[], services: ServiceSpec[] = []) {
  const rule = dockerfileRules.find((r) => r.id === ruleId)!;
  return rule.check(dockerfileTarget('/p/Dockerfile', `${lines.join('\n')}\n`, services));
}

describe('Dockerfile rules', () => {
  it('has a case below for every rule', () => {
    expect(CASES.map((c) => c.rule).sort()).toEqual(dockerfileRules.map((r) => r.id).sort());
  });

  for (const c of CASES) {
    it(`${c.rule} trips, at the written positions`, () => {
      const hits = hitsOf(c.rule, c.trips, c.services);
      expect(hits.map((h) => [h.at.line, h.at.column])).toEqual(c.at);
      for (const hit of hits) {
        expect(hit.at.file).toBe('/p/Dockerfile');
        expect(hit.hint).not.toBe('');
      }
    });
    it(`${c.rule} stays quiet on a file that does it right`, () => {
      expect(hitsOf(c.rule, c.passes, c.services)).toEqual([]);
    });
  }

  it('dockerfile/healthcheck follows the final stage to the stage it is built from, and HEALTHCHECK NONE is none', () => {
    expect(hitsOf('dockerfile/healthcheck', ['FROM alpine:3.20 AS base', 'HEALTHCHECK CMD ["true"]', 'FROM base', 'USER 10001'])).toEqual([]);
    const off = hitsOf('dockerfile/healthcheck', ['FROM alpine:3.20 AS base', 'HEALTHCHECK CMD ["true"]', 'FROM base', 'HEALTHCHECK NONE']);
    expect(off.map((h) => [h.at.line, h.at.column])).toEqual([[3, 1]]);
  });

  it('dockerfile/healthcheck accepts a healthcheck declared in the stack instead', () => {
    const checked = service('api', { healthcheck: { test: ['CMD', 'true'] } });
    expect(hitsOf('dockerfile/healthcheck', ['FROM alpine:3.20'], [checked])).toEqual([]);
  });

  it('dockerfile/pinned-base reads the tag through global ARG defaults, and leaves build-time-only names alone', () => {
    const at = (lines: string[]) => hitsOf('dockerfile/pinned-base', lines).map((h) => [h.at.line, h.at.column, h.message]);
    expect(at(['ARG BASE=node:20.11', 'FROM $BASE'])).toEqual([]);
    expect(at(['ARG VERSION=3.20', 'FROM alpine:${VERSION}'])).toEqual([]);
    expect(at(['ARG BASE=node', 'FROM ${BASE} AS deps'])).toEqual([[2, 6, 'base image node has no tag, so it means latest']]);
    expect(at(['FROM ${BASE_IMAGE}'])).toEqual([]);
    expect(at(['FROM registry.local:5000/team/app'])).toEqual([[1, 6, 'base image registry.local:5000/team/app has no tag, so it means latest']]);
  });

  it('dockerfile/multi-stage follows the final stage back to a toolchain stage', () => {
    const hits = hitsOf('dockerfile/multi-stage', [
      'FROM golang:1.22@sha256:0466223b8544fb7d4ff04748acc4d75a608234bf4e79563bff208d2060c0dd79 AS build',
      'RUN go build -o /app .',
      'FROM build AS final',
      'USER 10001',
    ]);
    expect(hits.map((h) => [h.at.line, h.at.column])).toEqual([[3, 1]]);
    expect(hits[0]!.message).toMatch(/^the final stage stands on the toolchain image golang:1\.22@sha256:/);
  });

  it('BuildKit features are fine and suggested where the build uses BuildKit (the default), neither where it forces the legacy builder', () => {
    const mounted = ['FROM node:20.11', 'RUN --mount=type=cache,target=/root/.npm npm ci'];
    expect(hitsOf('dockerfile/needs-buildkit', mounted)).toEqual([]);
    expect(
      hitsOf('dockerfile/needs-buildkit', mounted, [service('api', { build: { context: '/p', dockerfile: 'Dockerfile', args: {}, labels: {} } })]),
    ).toEqual([]);
    const apt = ['FROM debian:12', 'RUN apt-get update && apt-get install -y curl'];
    expect(hitsOf('dockerfile/package-cache', apt)[0]!.hint).toContain('RUN --mount=type=cache,target=/var/cache/apt');
    expect(hitsOf('dockerfile/package-cache', apt, [legacy])[0]!.hint).not.toContain('--mount');
    const secret = ['FROM alpine:3.20', 'ARG GITHUB_TOKEN'];
    expect(hitsOf('dockerfile/no-secrets', secret)[0]!.hint).toContain('RUN --mount=type=secret');
    expect(hitsOf('dockerfile/no-secrets', secret, [legacy])[0]!.hint).not.toContain('RUN --mount');
  });

  it('dockerfile/expose-matches-stack is silent for a Dockerfile checked on its own', () => {
    expect(hitsOf('dockerfile/expose-matches-stack', ['FROM alpine:3.20', 'EXPOSE 3000'])).toEqual([]);
  });
});
