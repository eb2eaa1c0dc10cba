import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { secretValues } from '../../../src/config/secret-values.js';
import { isSecretName } from '../../../src/model/secret-names.js';
import { SecretRegistry } from '../../../src/ui/secret-registry.js';

function registry(values: string[]): SecretRegistry {
  const secrets = new SecretRegistry();
  secrets.add(values);
  return secrets;
}

describe('which names hold secrets', () => {
  it.each([
    'POSTGRES_PASSWORD',
    'MINIO_ROOT_PASSWORD',
    'API_TOKEN',
    'AWS_SECRET_ACCESS_KEY',
    'apiKey',
    'SECRET_KEY_BASE',
    'GF_SECURITY_ADMIN_PASSWORD',
    'DB_PASS',
    'STRIPE_APIKEY',
  ])('%s is secret', (name) => expect(isSecretName(name)).toBe(true));
  it.each([
    'POSTGRES_USER',
    'POSTGRES_DB',
    'PORT',
    'MONKEY',
    'KEYCLOAK_URL',
    'PWD',
    'POSTGRES_PASSWORD_FILE',
    'AWS_ACCESS_KEY_ID',
    'NODE_ENV',
    'HOME',
    'PASSENGER_COUNT',
  ])('%s is not', (name) => expect(isSecretName(name)).toBe(false));
});

describe('secret values of a stack', () => {
  it('takes values of secret names and URL passwords, never user names, databases or short values', () => {
    const dotenv = { POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'app-dev-password', POSTGRES_DB: 'app', SHORT_TOKEN: 'abc' };
    const service = { environment: { DATABASE_URL: 'postgres://alice:s3cret-in-url@db:5432/app', PORT: '8080' }, build: { args: { NPM_TOKEN: 'npm-tok-1' } } };
    expect(secretValues(dotenv, [service as never]).sort()).toEqual(['app-dev-password', 'npm-tok-1', 's3cret-in-url']);
  });
});

describe('masking free text', () => {
  const secrets = registry(['app-dev-password', 's3cret']);

  it('masks a secret where it stands as a word', () => {
    expect(secrets.mask('FATAL: password app-dev-password rejected')).toBe('FATAL: password **** rejected');
    expect(secrets.mask('"s3cret"')).toBe('"****"');
  });

  it('never masks a secret inside another word, path or name', () => {
    expect(secrets.mask('s3crets /s3cret_dir/x xs3cret')).toBe('s3crets /s3cret_dir/x xs3cret');
  });

  it('masks passwords in URLs even when nobody registered them', () => {
    expect(new SecretRegistry().mask('postgres://app:hunter22@127.0.0.1:5432/app and redis://127.0.0.1:6379')).toBe(
      'postgres://app:****@127.0.0.1:5432/app and redis://127.0.0.1:6379',
    );
  });

  it('leaves the service name, ports and paths alone when the user name equals them (POSTGRES_USER=app)', () => {
    const stack = registry(secretValues({ POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'app-dev-password', POSTGRES_DB: 'app' }, []));
    const text = 'app  http://127.0.0.1:8080  /app/src  --app  app: ready  pg_isready -U app -d app';
    expect(stack.mask(text)).toBe(text);
  });

  it('property: text without any registered secret comes back unchanged', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!text.includes('app-dev-password') && !text.includes('s3cret') && !text.includes('://'));
        expect(secrets.mask(text)).toBe(text);
      }),
    );
  });

  it('property: a registered secret never survives when set off by spaces', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 4 }).filter((s) => /^[\w-]+$/.test(s)),
        fc.string(),
        (secret, around) => {
          expect(registry([secret]).mask(`${around} ${secret} ${around}`)).not.toMatch(new RegExp(`(^|\\s)${secret.replace(/[-]/g, '\\-')}(\\s|$)`));
        },
      ),
    );
  });
});

describe('masking data', () => {
  it('masks a secret-named variable whole, whatever its length, and leaves the rest as it is', () => {
    const view = {
      environment: { POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'pw', DATABASE_URL: 'postgres://app:pw@db/app' },
      working_dir: '/app',
      ports: [{ published: '8080' }],
      'x-devstack': { endpoints: [{ credentials: 'POSTGRES_PASSWORD in .env' }] },
    };
    expect(new SecretRegistry().maskData(view)).toEqual({
      environment: { POSTGRES_USER: 'app', POSTGRES_PASSWORD: '****', DATABASE_URL: 'postgres://app:****@db/app' },
      working_dir: '/app',
      ports: [{ published: '8080' }],
      'x-devstack': { endpoints: [{ credentials: 'POSTGRES_PASSWORD in .env' }] },
    });
  });
});
