import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { TOOLSET_NAMES, type Toolset } from '../tools/toolsets.js';
import {
  channelAllowed,
  parseChannelEntries,
  type ChannelIdentity,
  type ChannelRules,
} from './channel-rules.js';
import type { Policy } from './policy.js';

/**
 * Named policy profiles: a scope (toolsets, read-only, channel allow and deny lists) an admin
 * attaches to personal access tokens, people and OAuth clients of the bridge's own authorization
 * server. A session gets every profile that names its token, its user or its client, on top of the
 * global policy, and the most restrictive of them all wins (see combineProfiles).
 *
 * Tokens are named by the SHA-256 of their value (`sha256:<64 hex digits>`), never by the value:
 * the bridge cannot learn a token's id without an admin's credential, and a profile file or a
 * System Console page must not hold a secret.
 */

const ALL = 'all';
const TOKEN_HASH = /^sha256:[0-9a-f]{64}$/;

const list = (item: z.ZodType<string>) => z.array(item).optional();

const channelEntry = z
  .string()
  .trim()
  .min(1, 'a channel entry is empty')
  .refine((entry) => entry.split('/').every(Boolean), 'a channel entry has an empty part');

export const policyProfileSchema = z.strictObject({
  name: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_.-]{0,47}$/,
      'a profile name is 1 to 48 letters, digits, ".", "_" or "-"',
    ),
  toolsets: list(
    z.enum([...TOOLSET_NAMES, ALL], {
      error: () => `unknown toolset; known: ${TOOLSET_NAMES.join(', ')}, or all`,
    }),
  ),
  read_only: z.boolean().optional(),
  channel_allow: list(channelEntry),
  channel_deny: list(channelEntry),
  applies_to: z
    .strictObject({
      tokens: list(
        z
          .string()
          .trim()
          .toLowerCase()
          .regex(
            TOKEN_HASH,
            'a token is named by the SHA-256 of its value, as sha256:<64 hex digits>, never by the token itself',
          ),
      ),
      users: list(z.string().trim().min(1, 'a user entry is empty')),
      oauth_clients: list(z.string().trim().min(1, 'an OAuth client id is empty')),
    })
    .default({}),
});

export type PolicyProfileInput = z.input<typeof policyProfileSchema>;
export type PolicyProfileDefinition = z.output<typeof policyProfileSchema>;

export const policyProfilesSchema = z.array(policyProfileSchema).superRefine((profiles, ctx) => {
  const seen = new Set<string>();
  for (const [index, profile] of profiles.entries()) {
    if (seen.has(profile.name))
      ctx.addIssue({
        code: 'custom',
        path: [index, 'name'],
        message: `two profiles are named ${profile.name}`,
      });
    seen.add(profile.name);
  }
});

/** Where a profile was defined: the bridge's environment or the plugin's System Console. */
export type ProfileSource = 'environment' | 'console';

/** A profile ready to apply: its rules parsed once, its attachments normalised for matching. */
export interface PolicyProfile {
  name: string;
  source: ProfileSource;
  /** The toolsets it allows; every toolset when undefined. */
  allowedToolsets?: readonly string[];
  readOnly: boolean;
  /** Its channel lists, which bind reads and writes alike. */
  channels: ChannelRules;
  tokens: readonly string[];
  /** Usernames (lower case, without `@`) and user ids. */
  users: readonly string[];
  oauthClients: readonly string[];
}

/** Who a session is, as far as profiles go. */
export interface ProfileSubject {
  userId: string;
  username: string;
  /** `sha256:<hex>` of the personal access token; none for an OAuth sign-in. */
  token?: string;
  /** The client_id of the bridge's OAuth client the person signed in through. */
  oauthClientId?: string;
}

/** The form profiles name a token by: `sha256:` and the hex SHA-256 of its value. */
export function tokenHash(token: string): string {
  return `sha256:${createHash('sha256').update(token).digest('hex')}`;
}

/**
 * The subject of a session acting with `token`: a personal access token is named by its hash, an
 * OAuth sign-in by its client (its Mattermost token is the grant's, which no profile names).
 */
export function profileSubject(
  user: { id: string; username: string },
  token: string,
  oauthClientId?: string,
): ProfileSubject {
  return {
    userId: user.id,
    username: user.username,
    ...(oauthClientId ? { oauthClientId } : { token: tokenHash(token) }),
  };
}

/** Turns checked definitions into profiles ready to apply. */
export function compileProfiles(
  definitions: readonly PolicyProfileDefinition[],
  source: ProfileSource,
): PolicyProfile[] {
  return definitions.map((profile) => {
    const allow = parseChannelEntries(profile.channel_allow);
    const toolsets = profile.toolsets;
    return {
      name: profile.name,
      source,
      allowedToolsets: !toolsets || toolsets.includes(ALL) ? undefined : (toolsets as Toolset[]),
      readOnly: profile.read_only === true,
      channels: {
        read: {
          allow: allow && allow.length ? [allow] : [],
          deny: parseChannelEntries(profile.channel_deny) ?? [],
        },
        write: { allow: [], deny: [] },
      },
      tokens: profile.applies_to.tokens ?? [],
      users: (profile.applies_to.users ?? []).map((user) => user.replace(/^@/, '').toLowerCase()),
      oauthClients: profile.applies_to.oauth_clients ?? [],
    };
  });
}

/** Whether a profile names this session's token, its user (by username or id) or its OAuth client. */
export function appliesTo(profile: PolicyProfile, subject: ProfileSubject): boolean {
  return (
    (subject.token !== undefined && profile.tokens.includes(subject.token)) ||
    profile.users.includes(subject.username.toLowerCase()) ||
    profile.users.includes(subject.userId) ||
    (subject.oauthClientId !== undefined && profile.oauthClients.includes(subject.oauthClientId))
  );
}

/** The issues of a zod error as `where: what` lines, never repeating a value (it may be a token). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : 'profiles';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Profiles from their JSON text. Throws an Error whose message says what is wrong and where
 * (`0.applies_to.tokens.1: ...`), for a start-up error or the System Console's hand-over.
 */
export function parseProfilesJson(text: string, source: ProfileSource): PolicyProfile[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON (${(err as Error).message})`);
  }
  const parsed = policyProfilesSchema.safeParse(raw);
  if (!parsed.success) throw new Error(describeIssues(parsed.error));
  return compileProfiles(parsed.data, source);
}

/**
 * BRIDGE_POLICY_PROFILES: the profiles as JSON text (an array), or the path of a file holding it.
 * Read and checked at start, so a typo stops the bridge with the place of the mistake.
 */
export function loadProfilesSetting(value: string): PolicyProfile[] {
  const text = value.trim();
  if (text.startsWith('[') || text.startsWith('{')) return parseProfilesJson(text, 'environment');
  if (!existsSync(text))
    throw new Error('is neither a JSON array of profiles nor the path of a file that exists');
  try {
    return parseProfilesJson(readFileSync(text, 'utf8'), 'environment');
  } catch (err) {
    throw new Error(`the file ${text}: ${(err as Error).message}`);
  }
}

/** The profiles whose own rules keep assistants out of this channel. */
export function profilesRefusingChannel(
  profiles: readonly PolicyProfile[],
  channel: ChannelIdentity,
): string[] {
  return profiles
    .filter((profile) => !channelAllowed(channel, profile.channels, 'read'))
    .map((profile) => profile.name);
}

/** The profiles that by themselves keep a tool out of reach: read-only, or its toolset not allowed. */
export function profilesExcludingTool(
  profiles: readonly PolicyProfile[],
  tool: { toolset: string; kind: string },
  reason: string,
): string[] {
  return profiles
    .filter((profile) =>
      reason === 'read_only'
        ? profile.readOnly && tool.kind !== 'read'
        : reason === 'toolset_not_allowed' &&
          !!profile.allowedToolsets &&
          !profile.allowedToolsets.includes(tool.toolset),
    )
    .map((profile) => profile.name);
}

/** A session's policy: the global one narrowed by the profiles that apply to it. */
export interface SessionPolicy extends Policy {
  /** The profiles that apply, to name those that decided a refusal. */
  profiles: readonly PolicyProfile[];
}

function intersect(a: readonly string[] | undefined, b: readonly string[] | undefined) {
  if (!a) return b;
  if (!b) return a;
  return a.filter((item) => b.includes(item));
}

/**
 * The global policy and the profiles that apply to a session, combined so that the most
 * restrictive wins: read-only if any says so, a toolset only if every one allows it, every allow
 * list must match (their intersection), every deny list applies (their union). A profile can only
 * take away from what the global policy allows, never add to it.
 */
export function combineProfiles(global: Policy, profiles: readonly PolicyProfile[]): SessionPolicy {
  let policy: Policy = global;
  for (const profile of profiles) {
    policy = {
      ...policy,
      readOnly: policy.readOnly || profile.readOnly,
      allowedToolsets: intersect(policy.allowedToolsets, profile.allowedToolsets),
      channels: {
        read: {
          allow: [...policy.channels.read.allow, ...profile.channels.read.allow],
          deny: [...policy.channels.read.deny, ...profile.channels.read.deny],
        },
        write: policy.channels.write,
      },
    };
  }
  return { ...policy, profiles };
}
