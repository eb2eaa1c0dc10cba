import type { ServiceSpec, StackSpec } from '../../../src/model/stack.js';

export function service(name: string, fields: Partial<ServiceSpec> = {}): ServiceSpec {
  return { name, image: 'busybox:latest', environment: {}, ports: [], volumes: [], dependsOn: {}, labels: {}, extensions: {}, ...fields };
}

export function stack(services: ServiceSpec[], fields: Partial<StackSpec> = {}): StackSpec {
  return {
    name: 'demo',
    projectDir: '/work/demo',
    files: ['/work/demo/devstack.yml'],
    services: Object.fromEntries(services.map((s) => [s.name, s])),
    volumes: {},
    secretValues: [],
    ...fields,
  };
}
