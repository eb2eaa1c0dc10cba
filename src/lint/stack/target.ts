import type { ServiceSpec, StackSpec } from '../../model/stack.js';
import type { Locate } from './locator.js';

export interface StackTarget {
  stack: StackSpec;
  locate: Locate;
  /** Services whose own Dockerfile declares a HEALTHCHECK: the image checks itself. */
  imageHealthchecks: Set<string>;
  /** Services whose build: names a Dockerfile that does not exist, with its path. */
  missingDockerfiles?: Map<string, string>;
}

export function hasHealthcheck(target: StackTarget, service: ServiceSpec): boolean {
  if (service.healthcheck) return service.healthcheck.test[0] !== 'NONE';
  return target.imageHealthchecks.has(service.name);
}

/** A one-shot job (migrations, seeding) is waited for by exit code, not health. */
export function isOneShot(target: StackTarget, name: string): boolean {
  return Object.values(target.stack.services).some((s) => s.dependsOn[name]?.condition === 'service_completed_successfully');
}

export function services(target: StackTarget): ServiceSpec[] {
  return Object.values(target.stack.services);
}
