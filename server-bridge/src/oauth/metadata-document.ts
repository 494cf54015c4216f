import { lookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { MetadataDocumentError } from '../errors.js';

/** Limits of one metadata document fetch. */
export const DOCUMENT_MAX_BYTES = 64 * 1024;
export const DOCUMENT_TIMEOUT_MS = 5000;

/** Addresses a document URL may never reach: loopback, private, link-local, shared, multicast. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv6');

/** The IPv4 address inside an IPv4-mapped IPv6 one, dotted (`::ffff:127.0.0.1`) or not (`::ffff:7f00:1`). */
function mappedIPv4(address: string): string | undefined {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return undefined;
  const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

export function isPrivateAddress(address: string): boolean {
  const mapped = mappedIPv4(address);
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Why a client id URL cannot name a metadata document, or undefined: https with a path, no
 * fragment, no credentials, no dot segments (draft-ietf-oauth-client-id-metadata-document §3).
 */
export function documentUrlProblem(clientId: string, allowInsecure: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return 'the client id is not a URL';
  }
  if (url.protocol !== 'https:' && !(allowInsecure && url.protocol === 'http:'))
    return 'a client metadata document must be served over https';
  if (url.hash || clientId.includes('#')) return 'a client id URL may not have a fragment';
  if (url.username || url.password) return 'a client id URL may not carry credentials';
  // The URL parser resolves dot segments away, so they are looked for in the id as written.
  const rawPath = clientId.replace(/^[a-z]+:\/\/[^/]*/i, '').split(/[?#]/)[0] ?? '';
  if (url.pathname === '/' || /\/(\.|%2e){1,2}(\/|$)/i.test(rawPath))
    return 'a client id URL needs a path without dot segments';
  if (
    !allowInsecure &&
    isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0 &&
    isPrivateAddress(url.hostname.replace(/^\[|\]$/g, ''))
  )
    return 'a client id URL may not name a private or loopback address';
  return undefined;
}

/** Resolves names as usual but refuses, at connection time, any private or loopback address. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const list = addresses as unknown as { address: string; family: number }[];
    const blocked = list.find((a) => isPrivateAddress(a.address));
    if (blocked || list.length === 0) {
      return callback(
        new MetadataDocumentError(`${hostname} resolves to a private or loopback address`),
        '',
        0,
      );
    }
    if ((options as { all?: boolean }).all) return callback(null, list as never, 0);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

/**
 * Fetches a client metadata document: GET, no redirects, at most DOCUMENT_MAX_BYTES within
 * DOCUMENT_TIMEOUT_MS, JSON. Private and loopback addresses are refused after resolution, so a
 * name that resolves inward (or rebinds) is caught too, unless `allowInsecure` (tests only).
 */
export function fetchMetadataDocument(clientId: string, allowInsecure: boolean): Promise<unknown> {
  const problem = documentUrlProblem(clientId, allowInsecure);
  if (problem) return Promise.reject(new MetadataDocumentError(problem));
  const url = new URL(clientId);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.get(
      url,
      {
        headers: { Accept: 'application/json' },
        timeout: DOCUMENT_TIMEOUT_MS,
        ...(allowInsecure ? {} : { lookup: publicOnlyLookup }),
      },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new MetadataDocumentError(`the document answered HTTP ${response.statusCode}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > DOCUMENT_MAX_BYTES) {
            request.destroy(
              new MetadataDocumentError(`the document is larger than ${DOCUMENT_MAX_BYTES} bytes`),
            );
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch {
            reject(new MetadataDocumentError('the document is not JSON'));
          }
        });
        response.on('error', reject);
      },
    );
    const deadline = setTimeout(
      () => request.destroy(new MetadataDocumentError('the document did not arrive in time')),
      DOCUMENT_TIMEOUT_MS,
    );
    request.on('close', () => clearTimeout(deadline));
    request.on('timeout', () =>
      request.destroy(new MetadataDocumentError('the document did not arrive in time')),
    );
    request.on('error', (err) =>
      reject(
        err instanceof MetadataDocumentError
          ? err
          : new MetadataDocumentError(`the document could not be fetched (${err.message})`),
      ),
    );
  });
}
