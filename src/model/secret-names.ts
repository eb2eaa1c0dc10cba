/** Which values are secrets is decided by the name that holds them, never by what the value looks like. */

/**
 * Words that make a variable's value a secret, matched against whole parts of its name
 * (`POSTGRES_PASSWORD`, `apiKey`, `AWS_SECRET_ACCESS_KEY`), so `MONKEY` or `KEYCLOAK_URL` are not.
 */
const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASS', 'PWD', 'SECRET', 'TOKEN', 'KEY', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS']);

/** A name whose last part says the value only points at the secret (`POSTGRES_PASSWORD_FILE=/run/secrets/pw`): paths are never secrets. */
const POINTER_WORDS = new Set(['FILE', 'PATH', 'DIR', 'NAME', 'ID', 'USER', 'USERNAME']);

/** Shorter values would mask common words and numbers everywhere they appear (`app`, `5432`). */
export const MIN_SECRET_LENGTH = 4;

function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.toUpperCase());
}

/** True when a variable of this name holds a secret. */
export function isSecretName(name: string): boolean {
  const parts = nameParts(name);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'PWD')) return false;
  return parts.some((part) => SECRET_WORDS.has(part)) && !POINTER_WORDS.has(parts.at(-1)!);
}

/** `scheme://user:password@host`: the password part, wherever a URL appears. */
export const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)([^\s@/]+)(@)/gi;

export function urlPasswords(text: string): string[] {
  return [...text.matchAll(URL_CREDENTIALS)].map((match) => match[2]!);
}
