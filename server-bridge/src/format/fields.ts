/**
 * Field copying for the summary converters, so each converter shows at a glance which fields
 * pass through unchanged and which it derives.
 */

/** The named fields of a record, as they are. */
export function pick<T extends object, K extends keyof T>(record: T, ...keys: K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const key of keys) picked[key] = record[key];
  return picked;
}

/**
 * The named fields that hold a value; empty strings, zero, false, null and absent fields are
 * left out, so a summary carries no empty optional fields.
 */
export function pickPresent<T extends object, K extends keyof T>(
  record: T,
  ...keys: K[]
): { [P in K]?: NonNullable<T[P]> } {
  const picked: { [P in K]?: NonNullable<T[P]> } = {};
  for (const key of keys) if (record[key]) picked[key] = record[key] as NonNullable<T[K]>;
  return picked;
}
