import { describe, expect, it } from 'vitest';
import { devcontainerSettings } from '../../../src/devcontainer/settings.js';
import type { ServiceSpec, StackSpec } from '../../../src/model/stack.js';

const app: ServiceSpec = {
  name: 'app',
  image: 'node:20',
  environment: {
    // Secret by its name, though too short to be registered for masking in free text.
    DB_PASSWORD: 'dev',
    DATABASE_URL: 'postgres://app:pw-123456@db:5432/app',
    // Holds a secret's value, which every printout masks too.
    DB_NAME: 's3cret-db',
    POSTGRES_USER: 'app',
    PORT: '3000',
  },
  ports: [],
  volumes: [],
  dependsOn: {},
  labels: {},
  extensions: {},
};
const stack: StackSpec = {
  name: 'shop',
  projectDir: '/p',
  files: ['/p/devstack.yml'],
  services: { app },
  volumes: {},
  secretValues: ['s3cret-db', 'pw-123456'],
};

describe('devcontainer settings and secrets', () => {
  it('leave out what is secret by its name, holds a URL password or a secret, and keep names, users and ports', () => {
    expect(devcontainerSettings(stack, 'app').containerEnv).toEqual({ POSTGRES_USER: 'app', PORT: '3000' });
  });

  it("write a secret build arg as the host's variable of that name, never its value, and keep the others", () => {
    const built: StackSpec = {
      ...stack,
      services: {
        app: {
          ...app,
          build: {
            context: '/p',
            dockerfile: 'Dockerfile',
            args: { NPM_TOKEN: 'npm_abc', MIRROR: 's3cret-db', NODE_ENV: 'development' },
            labels: {},
          },
        },
      },
    };
    expect(JSON.parse(JSON.stringify(devcontainerSettings(built, 'app'))).build.args).toEqual({
      NPM_TOKEN: '${localEnv:NPM_TOKEN}',
      MIRROR: '${localEnv:MIRROR}',
      NODE_ENV: 'development',
    });
  });
});
