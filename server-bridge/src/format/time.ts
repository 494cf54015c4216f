/** Times as the model reads them: ISO 8601, UTC, to the second. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Milliseconds of the units of a short duration: `30m`, `2h`, `1d`, `1w`. */
export const DURATION_UNITS: Readonly<Record<string, number>> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * A point in time from an ISO 8601 date or a window back from now (`30m`, `2h`, `1d`, `1w`).
 * Returns Unix milliseconds, or undefined when the text is neither.
 */
export function parseSince(text: string, now: number = Date.now()): number | undefined {
  const value = text.trim();
  const window = /^(\d+)\s*([mhdw])$/i.exec(value);
  if (window) return now - Number(window[1]) * DURATION_UNITS[window[2]!.toLowerCase()]!;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
