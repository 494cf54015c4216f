const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Schemes that run or read something instead of reaching an application. */
const FORBIDDEN_SCHEMES = new Set([
  'javascript:',
  'data:',
  'file:',
  'vbscript:',
  'about:',
  'blob:',
  'ftp:',
  'ws:',
  'wss:',
]);

/**
 * Why a redirect URI cannot be registered, or undefined when it can: https anywhere, http only
 * on the loopback interface (native apps, RFC 8252 §7.3), or an app's own scheme (`cursor://`,
 * `vscode://`, RFC 8252 §7.1); never a fragment.
 */
export function redirectUriProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `${JSON.stringify(uri)} is not an absolute URL`;
  }
  if (url.hash || uri.includes('#')) return 'a redirect URI may not have a fragment';
  if (url.username || url.password) return 'a redirect URI may not carry credentials';
  if (FORBIDDEN_SCHEMES.has(url.protocol)) return `the ${url.protocol} scheme is not allowed`;
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname))
    return 'http redirect URIs must point to localhost, 127.0.0.1 or [::1]; use https';
  return undefined;
}

/** The host named to the person on the consent page and in their list of assistants. */
export function redirectHost(uri: string): string {
  const url = new URL(uri);
  return url.host || `${url.protocol}//`;
}
