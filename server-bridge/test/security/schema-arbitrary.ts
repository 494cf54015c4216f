import fc from 'fast-check';

/** The part of JSON Schema (draft 2020-12, as tools/list publishes it) that the generators read. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

export interface ArbitraryOptions {
  /** Strings a fuzzer should try besides random ones: ids of real objects, URLs of a canary, ... */
  interesting: readonly string[];
}

const MAX_LEN = 300;

function stringOf(schema: JsonSchema, options: ArbitraryOptions): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? MAX_LEN, MAX_LEN));
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= 100_000);
    } catch {
      // a pattern JavaScript cannot read: fall through to plain strings
    }
  }
  const fits = (s: string) => s.length >= minLength && s.length <= maxLength;
  if (schema.format === 'uri' || schema.format === 'url')
    return fc.oneof(
      fc.webUrl(),
      ...options.interesting.filter((s) => /^https?:/.test(s)).map((s) => fc.constant(s)),
    );
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'date-time')
    return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength, maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }) },
    { weight: 2, arbitrary: fc.constantFrom(...options.interesting).filter(fits) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('~town-square', '@sysadmin', 'x/y', '..', '%00', '\r\nX: y', '${x}')
        .filter(fits),
    },
  );
}

function numberOf(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min =
    schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e6);
  const max =
    schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e6);
  const lo = Math.max(min, -1e9);
  const hi = Math.min(max, 1e9);
  return integer
    ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) })
    : fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
}

/** Values shaped as `schema` says (the server may still refuse them: ids that do not exist, ...). */
export function validArbitrary(
  schema: JsonSchema,
  options: ArbitraryOptions,
): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => validArbitrary(s, options)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type ?? (schema.properties ? 'object' : undefined)) {
    case 'string':
      return stringOf(schema, options);
    case 'integer':
      return numberOf(schema, true);
    case 'number':
      return numberOf(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(validArbitrary(schema.items ?? {}, options), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case 'object': {
      const properties = schema.properties ?? {};
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of Object.entries(properties))
        model[key] = validArbitrary(value, options);
      return fc.record(model, {
        requiredKeys: (schema.required ?? []).filter((k) => k in properties),
      });
    }
    default:
      return fc.jsonValue();
  }
}

/** A value of another kind than `schema` wants. */
function wrongKind(schema: JsonSchema): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const others: fc.Arbitrary<unknown>[] = [
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string({ maxLength: 20 }),
    fc.string({ minLength: 20_000, maxLength: 40_000 }),
    fc.array(fc.jsonValue(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue(), { maxKeys: 3 }),
  ];
  const keep = others.filter((_, i) => {
    if (type === 'boolean') return i !== 1;
    if (type === 'integer' || type === 'number') return i !== 2 && i !== 3;
    if (type === 'string') return i !== 4 && i !== 5;
    if (type === 'array') return i !== 6;
    if (type === 'object') return i !== 7;
    return true;
  });
  return fc.oneof(...keep);
}

/**
 * Arguments that break the schema: another kind altogether, required fields missing, fields of the
 * wrong kind, unknown extra fields, or values past their bounds.
 */
export function invalidArguments(schema: JsonSchema): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  const withWrongField = properties.length
    ? fc
        .constantFrom(...properties)
        .chain(([key, value]) => wrongKind(value).map((bad) => ({ [key]: bad })))
    : fc.constant({ unexpected: 1 });
  return fc.oneof(
    fc.jsonValue(),
    fc.constant({}),
    withWrongField,
    fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue(), { maxKeys: 5 }),
    // Keys that pollute prototypes when a server merges objects carelessly.
    fc.constant(
      JSON.parse(
        '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
      ),
    ),
  );
}
