import { parse, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { DevcontainerJsonError, mergeDevcontainerJson } from '../../../src/devcontainer/merge-json.js';
import { devcontainerSettings } from '../../../src/devcontainer/settings.js';
import type { ServiceSpec, StackSpec } from '../../../src/model/stack.js';

function parsed(text: string): Record<string, unknown> {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true }) as Record<string, unknown>;
  expect(errors).toEqual([]);
  return value;
}

const base = { environment: {}, ports: [], volumes: [], dependsOn: {}, labels: {}, extensions: {} };
const app: ServiceSpec = {
  ...base,
  name: 'app',
  build: { context: '/p', dockerfile: 'docker/Dockerfile', target: 'dev', args: {}, labels: {} },
  environment: { LOG: 'debug', DB_PASSWORD: 's3cret' },
  ports: [{ hostIp: '127.0.0.1', hostPort: 3000, containerPort: 3000, protocol: 'tcp' }],
  volumes: [{ type: 'bind', source: '/p/src', target: '/usr/src/app/src', readOnly: false }],
  dependsOn: { db: { condition: 'service_healthy', restart: false, required: true } },
};
const db: ServiceSpec = { ...base, name: 'db', image: 'postgres:17', ports: [{ hostIp: '127.0.0.1', hostPort: 5432, containerPort: 5432, protocol: 'tcp' }] };
const stack: StackSpec = { name: 'shop', projectDir: '/p', files: ['/p/devstack.yml'], services: { app, db }, volumes: {}, secretValues: ['s3cret'] };

describe('devcontainer settings', () => {
  it('point at the service: its build, the stack network after its dependencies are up, the workspace where the stack mounts it', () => {
    expect(devcontainerSettings(stack, 'app')).toEqual({
      name: 'shop: app',
      build: { dockerfile: '../docker/Dockerfile', context: '..', target: 'dev' },
      initializeCommand: 'devstack up db -f devstack.yml -p shop',
      runArgs: ['--network=shop_default'],
      workspaceMount: 'source=${localWorkspaceFolder},target=/usr/src/app,type=bind',
      workspaceFolder: '/usr/src/app',
      forwardPorts: [3000, 'db:5432'],
      containerEnv: { LOG: 'debug' },
      customizations: { devstack: { project: 'shop', service: 'app', stackFiles: ['devstack.yml'] } },
    });
  });

  it('an image service without dependencies gets its image and no network', () => {
    const settings = devcontainerSettings(stack, 'db');
    expect(settings).toMatchObject({ image: 'postgres:17', workspaceFolder: '/workspace' });
    expect(settings).not.toHaveProperty('initializeCommand');
    expect(settings).not.toHaveProperty('build');
  });
});

describe('merging devcontainer.json', () => {
  const settings = devcontainerSettings(stack, 'app');

  it('a new file is valid JSONC with a comment saying who wrote it', () => {
    const text = mergeDevcontainerJson(undefined, settings);
    expect(text.startsWith('// Written by `devstack devcontainer`')).toBe(true);
    expect(parsed(text)).toEqual(settings);
  });

  it("keeps the user's keys, comments and other customizations; replaces devstack's keys in place; is stable on a second run", () => {
    const user =
      '{\n  // pinned by the platform team\n  "remoteUser": "node",\n  "name": "old name",\n  "image": "old:1",\n  /* editor */\n  "customizations": {"vscode": {"extensions": ["dbaeumer.vscode-eslint"]}},\n}\n';
    const once = mergeDevcontainerJson(user, settings);
    expect(once).toContain('// pinned by the platform team');
    expect(once).toContain('/* editor */');
    const value = parsed(once);
    expect(value).toMatchObject({
      remoteUser: 'node',
      name: 'shop: app',
      customizations: { vscode: { extensions: ['dbaeumer.vscode-eslint'] }, devstack: { service: 'app' } },
    });
    expect(value).not.toHaveProperty('image');
    expect(mergeDevcontainerJson(once, settings)).toBe(once);
  });

  it('refuses what is not a JSON object', () => {
    expect(() => mergeDevcontainerJson('[1, 2]', settings)).toThrow(DevcontainerJsonError);
    expect(() => mergeDevcontainerJson('{"a": ', settings)).toThrow(DevcontainerJsonError);
  });
});
