import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/** A random secret of 32 bytes, URL-safe, after a prefix that tells what it is (`mmb_at_` ...). */
export function randomSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** A 26-character id in Mattermost's alphabet (lower-case letters and digits), for grant ids. */
export function randomId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(26)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** Secrets are stored and looked up only by this digest, so a copy of the store holds none. */
export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** The PKCE S256 transform of a code verifier (RFC 7636 §4.2). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Seals records with AES-256-GCM under a key derived from BRIDGE_OAUTH_KEY (any string of 32
 * characters or more), or a random key that lives as long as the process.
 */
export class Sealer {
  private readonly key: Buffer;

  constructor(secret?: string) {
    this.key = secret
      ? createHash('sha256').update(`mcp-bridge-oauth:${secret}`).digest()
      : randomBytes(32);
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The plain text, or undefined when the record was sealed under another key or altered. */
  open(sealed: string): string | undefined {
    try {
      const raw = Buffer.from(sealed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
