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
});
