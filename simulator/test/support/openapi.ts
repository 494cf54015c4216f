import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv, type ValidateFunction } from 'ajv';
import YAML from 'yaml';

/** Where the reference API lives: `../shared/mattermost-api/` from the repository root. */
export const SPEC_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/mattermost-api/openapi',
);

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

export interface OpenApi {
  /** `METHOD /api/v4/path/{}` (parameters unnamed) → the operation. */
  operations: Map<string, Operation>;
  /** A validator for the documented JSON body of `status` (or the operation's first 2xx), if any. */
  validator(op: string, status: number): ValidateFunction | undefined;
  /** Whether `status` is one of the documented responses of `op`. */
  documents(op: string, status: number): boolean;
}

/** `/users/{user_id}` and `/users/:user_id` both become `/users/{}`. */
export const normalisePath = (path: string): string =>
  path.replace(/\{[^}]+\}/g, '{}').replace(/:[A-Za-z_]+/g, '{}');

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * Schemas read leniently: properties the server adds beyond the spec are allowed (the real server
 * sends more than the spec lists), and `$ref`s point into one shared document.
 */
function lenient(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(lenient);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'additionalProperties' && v === false) continue;
    if (
      k === 'example' ||
      k === 'examples' ||
      k === 'discriminator' ||
      k === 'xml' ||
      k.startsWith('x-')
    )
      continue;
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/')) {
      out[k] = `mattermost${v}`;
      continue;
    }
    out[k] = lenient(v);
  }
  return out;
}

export interface SpecDocument {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }>;
  } & Record<string, unknown>;
}

/**
 * Loads the OpenAPI sources in their documented order; undefined when the folder is absent.
 * `correct` may amend the document where the real server is known to differ from it.
 */
export function loadOpenApi(correct?: (doc: SpecDocument) => void): OpenApi | undefined {
  const orderFile = resolve(SPEC_DIR, 'CONCAT_ORDER.txt');
  if (!existsSync(orderFile)) return undefined;
  const order = readFileSync(orderFile, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const text = order.map((f) => readFileSync(resolve(SPEC_DIR, f), 'utf8')).join('\n');
  const doc = YAML.parse(text, {
    strict: false,
    uniqueKeys: false,
    maxAliasCount: -1,
  }) as SpecDocument;
  correct?.(doc);
  const operations = new Map<string, Operation>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) operations.set(`${method.toUpperCase()} ${normalisePath(path)}`, op);
    }
  }
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'mattermost', components: lenient(doc.components) } as object);
  const cache = new Map<string, ValidateFunction | undefined>();

  type Response = NonNullable<Operation['responses']>[string] & { $ref?: string };
  const sharedResponses = (doc.components.responses ?? {}) as Record<string, Response>;
  const responseFor = (op: string, status: number): Response | undefined => {
    const responses = (operations.get(op)?.responses ?? {}) as Record<string, Response>;
    const found =
      responses[String(status)] ??
      Object.entries(responses).find(([code]) => code.startsWith('2'))?.[1];
    // Error answers are mostly references to the shared responses (Unauthorized, Forbidden ...).
    return found?.$ref ? sharedResponses[found.$ref.split('/').pop()!] : found;
  };

  return {
    operations,
    documents: (op, status) => String(status) in (operations.get(op)?.responses ?? {}),
    validator(op, status) {
      const key = `${op} ${status}`;
      if (!cache.has(key)) {
        const content = responseFor(op, status)?.content;
        const schema =
          content?.['application/json']?.schema ?? Object.values(content ?? {})[0]?.schema;
        cache.set(key, schema ? ajv.compile(lenient(schema) as object) : undefined);
      }
      return cache.get(key);
    },
  };
}
