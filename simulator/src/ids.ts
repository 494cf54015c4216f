import { randomBytes } from 'node:crypto';

// Mattermost encodes 16 random bytes in base32 with this alphabet and drops the padding: 26 characters.
const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';

// Random bytes are drawn in batches: one system call per 256 ids instead of one per id.
const POOL_IDS = 256;
let pool = Buffer.alloc(0);
let offset = 0;

function sixteenRandomBytes(): Buffer {
  if (offset + 16 > pool.length) {
    pool = randomBytes(16 * POOL_IDS);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + 16);
  offset += 16;
  return bytes;
}

/** A new id in Mattermost's format: 26 lowercase base32 characters. */
export function newId(): string {
  const bytes = sixteenRandomBytes();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Whether `value` looks like a Mattermost id (the server answers 400 to anything else in a path). */
export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z0-9]{26}$/.test(value);
}
