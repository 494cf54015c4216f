import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Checks a presented outgoing-webhook token against the configured ones in constant time.
 * Both sides are hashed first so the compared buffers always have the same length, and every
 * configured token is compared (no early exit), so timing reveals neither length nor position.
 */
export function createTokenVerifier(tokens: readonly string[]): (presented: unknown) => boolean {
  const digests = tokens.filter((t) => t.length > 0).map(digest);
  return (presented) => {
    if (typeof presented !== 'string' || presented.length === 0) return false;
    const candidate = digest(presented);
    let ok = false;
    for (const expected of digests) ok = timingSafeEqual(candidate, expected) || ok;
    return ok;
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
