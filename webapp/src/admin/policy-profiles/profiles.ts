// Policy profiles as the System Console keeps them: one setting (`PolicyProfiles`) holding a JSON
// array in the form BRIDGE_POLICY_PROFILES takes, so an admin can move profiles between the two.
// Each profile narrows what assistants may do for the tokens, people and OAuth clients it names;
// the bridge combines every profile of a session with the global settings, the strictest winning.
// These checks catch mistakes before Save; the bridge checks again, toolset names included.

export interface PolicyProfile {
  name: string;
  toolsets?: string[];
  read_only?: boolean;
  channel_allow?: string[];
  channel_deny?: string[];
  applies_to: { tokens?: string[]; users?: string[]; oauth_clients?: string[] };
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,47}$/;
const TOKEN_HASH = /^sha256:[0-9a-f]{64}$/;
const TOOLSET = /^[a-z][a-z_]*$/;
const KEYS = new Set([
  'name',
  'toolsets',
  'read_only',
  'channel_allow',
  'channel_deny',
  'applies_to',
]);
const TARGETS = new Set(['tokens', 'users', 'oauth_clients']);

export class ProfileError extends Error {
  override readonly name = 'ProfileError';
}

function strings(value: unknown, where: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || !item.trim()))
    throw new ProfileError(`${where} must be a list of non-empty texts.`);
  return (value as string[]).map((item) => item.trim());
}

/** One profile checked; throws ProfileError naming the profile and the field. */
export function checkProfile(raw: unknown, index: number): PolicyProfile {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new ProfileError(`Profile ${index + 1} is not an object.`);
  const record = raw as Record<string, unknown>;
  const name = typeof record.name === 'string' ? record.name : '';
  const label = name ? `Profile ${name}` : `Profile ${index + 1}`;
  if (!NAME.test(name))
    throw new ProfileError(`${label}: a name is 1 to 48 letters, digits, ".", "_" or "-".`);
  const unknown = Object.keys(record).filter((key) => !KEYS.has(key));
  if (unknown.length) throw new ProfileError(`${label}: unknown field(s) ${unknown.join(', ')}.`);
  if (record.read_only !== undefined && typeof record.read_only !== 'boolean')
    throw new ProfileError(`${label}: read_only is true or false.`);
  const toolsets = strings(record.toolsets, `${label}: toolsets`);
  const bad = toolsets?.find((toolset) => !TOOLSET.test(toolset));
  if (bad) throw new ProfileError(`${label}: "${bad}" is not a toolset name.`);
  const target = (record.applies_to ?? {}) as Record<string, unknown>;
  if (typeof target !== 'object' || Array.isArray(target))
    throw new ProfileError(`${label}: applies_to is an object of tokens, users and oauth_clients.`);
  const extra = Object.keys(target).filter((key) => !TARGETS.has(key));
  if (extra.length)
    throw new ProfileError(`${label}: applies_to has unknown field(s) ${extra.join(', ')}.`);
  const tokens = strings(target.tokens, `${label}: tokens`)?.map((t) => t.toLowerCase());
  // Never repeat what was typed: it may be a token pasted by mistake.
  if (tokens?.some((token) => !TOKEN_HASH.test(token)))
    throw new ProfileError(
      `${label}: a token is named by the SHA-256 of its value (sha256:<64 hex digits>), never by the token itself.`,
    );
  const profile: PolicyProfile = { name, applies_to: {} };
  if (toolsets?.length) profile.toolsets = toolsets;
  if (record.read_only === true) profile.read_only = true;
  const allow = strings(record.channel_allow, `${label}: channel_allow`);
  const deny = strings(record.channel_deny, `${label}: channel_deny`);
  if (allow?.length) profile.channel_allow = allow;
  if (deny?.length) profile.channel_deny = deny;
  const users = strings(target.users, `${label}: users`);
  const clients = strings(target.oauth_clients, `${label}: oauth_clients`);
  if (tokens?.length) profile.applies_to.tokens = tokens;
  if (users?.length) profile.applies_to.users = users;
  if (clients?.length) profile.applies_to.oauth_clients = clients;
  return profile;
}

/** The profiles of a JSON text (empty text: none); throws ProfileError on anything wrong. */
export function parseProfiles(text: unknown): PolicyProfile[] {
  if (text === undefined || text === null || (typeof text === 'string' && !text.trim())) return [];
  let raw: unknown;
  try {
    raw = typeof text === 'string' ? JSON.parse(text) : text;
  } catch {
    throw new ProfileError('The profiles are not valid JSON.');
  }
  if (!Array.isArray(raw)) throw new ProfileError('The profiles are a JSON array.');
  const profiles = raw.map(checkProfile);
  const names = profiles.map((p) => p.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new ProfileError(`Two profiles are named ${twice}.`);
  return profiles;
}

export function serializeProfiles(profiles: readonly PolicyProfile[]): string {
  return profiles.length ? JSON.stringify(profiles, null, 2) : '';
}

/** Comma or line separated text as a list. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** `sha256:<hex>` of a token, computed in the browser: the token itself is never kept. */
export async function hashToken(token: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(token.trim()),
  );
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `sha256:${hex}`;
}
