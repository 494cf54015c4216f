// The policy profiles as the bridge's bot receives them: one preference per profile, `profile_1`,
// `profile_2`..., each the JSON of one profile (a preference holds 2,000 characters and its name
// 32), with team/channel names turned into channel ids as for the global channel lists.
import type { Client } from '../../client/client';
import { resolveEntries } from '../settings-handover/channel-entries';
import { parseProfiles, ProfileError, type PolicyProfile } from './profiles';

export const PROFILE_PREFERENCE = /^profile_\d+$/;

export interface ProfilePreferences {
  /** `profile_<n>` and the JSON of each profile, in order. */
  values: { name: string; value: string }[];
  /** Channel entries naming nothing Mattermost knows, with their profile. */
  unknown: string[];
}

async function resolved(
  client: Client,
  list: string[] | undefined,
  where: string,
  unknown: string[],
) {
  if (!list) return undefined;
  const { entries, unknown: missing } = await resolveEntries(client, list.join(','));
  unknown.push(...missing.map((entry) => `${entry} (${where})`));
  return entries;
}

/** Checks the saved profiles and makes their preferences; throws ProfileError when they do not parse. */
export async function profilePreferences(
  client: Client,
  saved: unknown,
): Promise<ProfilePreferences> {
  let profiles: PolicyProfile[];
  try {
    profiles = parseProfiles(saved);
  } catch (err) {
    if (err instanceof ProfileError)
      throw new ProfileError(`The policy profiles cannot be handed over: ${err.message}`);
    throw err;
  }
  const unknown: string[] = [];
  const values: ProfilePreferences['values'] = [];
  for (const [index, profile] of profiles.entries()) {
    const allow = await resolved(client, profile.channel_allow, profile.name, unknown);
    const deny = await resolved(client, profile.channel_deny, profile.name, unknown);
    const ready: PolicyProfile = {
      ...profile,
      ...(allow ? { channel_allow: allow } : {}),
      ...(deny ? { channel_deny: deny } : {}),
    };
    values.push({ name: `profile_${index + 1}`, value: JSON.stringify(ready) });
  }
  return { values, unknown };
}
