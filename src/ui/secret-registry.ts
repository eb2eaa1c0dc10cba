import { isSecretName, MIN_SECRET_LENGTH, URL_CREDENTIALS } from '../model/secret-names.js';

export const MASK = '****';

/** Keys whose value maps variable names to values, in Compose's shape and in devstack's own data. */
const VARIABLE_MAPS = new Set(['environment', 'args', 'env']);

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The secrets of one run: every printout of the run (events, tables, errors, config) is masked through it.
 * A secret is masked only as a whole word, so a password equal to a prefix of a path or name leaves them alone.
 */
export class SecretRegistry {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;

  add(values: Iterable<string>): void {
    for (const value of values) if (value.length >= MIN_SECRET_LENGTH) this.values.add(value);
    this.pattern = undefined;
  }

  /** Free text: URL passwords, and registered values where they stand as words of their own. */
  mask(text: string): string {
    const withoutUrls = text.replace(URL_CREDENTIALS, `$1${MASK}$3`);
    if (this.values.size === 0) return withoutUrls;
    this.pattern ??= new RegExp(
      `(?<![\\p{L}\\p{N}_])(?:${[...this.values]
        .sort((a, b) => b.length - a.length)
        .map(escape)
        .join('|')})(?![\\p{L}\\p{N}_])`,
      'gu',
    );
    return withoutUrls.replace(this.pattern, MASK);
  }

  readonly masker = (text: string): string => this.mask(text);

  /**
   * Data, before it is serialised (so quoting cannot hide a secret). In a map of variables (`environment`,
   * build `args`) a secret-named variable's value is masked whole, whatever its length.
   */
  maskData<T>(value: T, variables = false): T {
    if (typeof value === 'string') return this.mask(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.maskData(item)) as T;
    // A Date (or anything else with its own JSON form) is masked as what it serialises to, not taken apart.
    if (value && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      return this.maskData((value as unknown as { toJSON(): unknown }).toJSON()) as T;
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => [
          key,
          variables && typeof inner === 'string' && inner !== '' && isSecretName(key) ? MASK : this.maskData(inner, VARIABLE_MAPS.has(key)),
        ]),
      ) as T;
    }
    return value;
  }
}
