/**
 * Reading the server configuration without ever showing a secret: every string under a key that
 * names a password, secret, key, token, salt or data source (database DSNs carry passwords) is
 * replaced. Booleans and numbers are kept: `EnableUserAccessTokens` says whether, not what.
 */
const SECRET_KEY = /password|secret|key|token|salt|datasource/i;

export const REDACTED = '[redacted]';

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A deep copy of `value` with secret strings replaced; `key` is the name `value` is stored under. */
export function redactSecrets(value: unknown, key = ''): unknown {
  const secret = key !== '' && isSecretKey(key);
  if (typeof value === 'string') return secret && value !== '' ? REDACTED : value;
  if (Array.isArray(value)) {
    return value.map((item) =>
      secret && typeof item === 'string' ? REDACTED : redactSecrets(item),
    );
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, inner]) => [
        name,
        // Below a secret key, everything is secret (a map of passwords, for instance).
        secret ? redactAll(inner) : redactSecrets(inner, name),
      ]),
    );
  }
  return value;
}

function redactAll(value: unknown): unknown {
  if (typeof value === 'string') return value === '' ? value : REDACTED;
  if (Array.isArray(value)) return value.map(redactAll);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactAll(v)]));
  return value;
}

/**
 * The value at a dotted path such as `ServiceSettings.SiteURL` (names compared without regard to
 * case, as people type them), already redacted. `found` is false when a segment does not exist.
 */
export function readConfigPath(
  config: Record<string, unknown>,
  path: string,
):
  | { found: true; path: string; value: unknown }
  | { found: false; missing: string; options: string[] } {
  const segments = path
    .split('.')
    .map((segment) => segment.trim())
    .filter(Boolean);
  let current: unknown = config;
  const walked: string[] = [];
  for (const segment of segments) {
    if (!current || typeof current !== 'object' || Array.isArray(current)) {
      return { found: false, missing: [...walked, segment].join('.'), options: [] };
    }
    const keys = Object.keys(current);
    const key =
      keys.find((k) => k === segment) ??
      keys.find((k) => k.toLowerCase() === segment.toLowerCase());
    if (key === undefined)
      return { found: false, missing: [...walked, segment].join('.'), options: keys.sort() };
    walked.push(key);
    current = (current as Record<string, unknown>)[key];
  }
  const last = walked[walked.length - 1] ?? '';
  // A secret named by its own path is hidden as well as any secret below it.
  const value =
    last && isSecretKey(last)
      ? (redactSecrets({ [last]: current }) as Record<string, unknown>)[last]
      : redactSecrets(current);
  return { found: true, path: walked.join('.'), value };
}
