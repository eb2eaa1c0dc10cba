import type { ServiceSpec } from '../model/stack.js';

const SECRET_NAME = /PASSWORD|SECRET|TOKEN|KEY|CREDENTIAL/i;

/** Values to mask in every printout: all of `.env`, and environment values whose names look secret. */
export function secretValues(dotenv: Iterable<string>, services: Iterable<ServiceSpec>): string[] {
  const values = new Set(dotenv);
  for (const service of services) {
    for (const [name, value] of Object.entries(service.environment)) if (SECRET_NAME.test(name)) values.add(value);
  }
  values.delete('');
  return [...values];
}
