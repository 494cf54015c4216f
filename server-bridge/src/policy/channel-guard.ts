import type { PostInfo, ServerChannel, UserGateway } from '../gateway/user-gateway.js';
import {
  channelAllowed,
  hasChannelRules,
  sightingAllowed,
  type ChannelIdentity,
  type ChannelRules,
  type ChannelSighting,
} from './channel-rules.js';
import { profilesRefusingChannel, type PolicyProfile } from './policy-profiles.js';
import { directPartnerId } from '../resolve/direct-messages.js';
import { MattermostError, PolicyError } from '../errors.js';

export type AccessMode = 'read' | 'write';

/**
 * A channel as a check may know it: the channel, its id, or where Mattermost's post info says a
 * post is (for a channel of a team the user has not joined, which they cannot open).
 */
export type ChannelRef = ServerChannel | string | PostInfo;

const isPostInfo = (channel: ChannelRef): channel is PostInfo =>
  typeof channel !== 'string' && 'channel_type' in channel;

/** Mattermost keeps the channel from the user: it cannot be looked up, only seen from outside. */
const unreadable = (err: unknown) =>
  err instanceof MattermostError && (err.status === 403 || err.status === 404);

/**
 * Applies the channel rules for one user. It looks channels up with the user's own (unguarded)
 * gateway, whose caches make repeated checks cheap, and matches what each channel is: its id, its
 * team and name, and for direct messages the other person.
 */
export class ChannelGuard {
  constructor(
    /** The raw gateway of the user: lookups here must not be filtered themselves. */
    private readonly mm: UserGateway,
    private readonly rules: () => ChannelRules,
    /** The session's policy profiles, to name those that refused a channel. */
    private readonly profiles: () => readonly PolicyProfile[] = () => [],
  ) {}

  get active(): boolean {
    return hasChannelRules(this.rules());
  }

  async identify(channel: ServerChannel | string): Promise<ChannelIdentity> {
    const found = typeof channel === 'string' ? await this.mm.getChannel(channel) : channel;
    const identity: ChannelIdentity = { id: found.id, name: found.name.toLowerCase() };
    if (found.type === 'D') {
      const users = await this.mm.getUsersByIds([directPartnerId(found, this.mm.userId)]);
      identity.dmUsernames = [...users.values()].map((user) => user.username.toLowerCase());
    } else if (found.team_id) {
      try {
        identity.team = (await this.mm.getTeam(found.team_id)).name.toLowerCase();
      } catch (err) {
        if (!(err instanceof MattermostError)) throw err;
      }
    }
    return identity;
  }

  async allows(channel: ServerChannel | string, mode: AccessMode): Promise<boolean> {
    const rules = this.rules();
    if (!hasChannelRules(rules)) return true;
    return channelAllowed(await this.identify(channel), rules, mode);
  }

  /**
   * Throws PolicyError when the rules keep assistants out of this channel. A channel known from
   * post info that the user cannot open is judged by what post info tells of it; when a rule
   * could name it and that cannot be told, it is refused.
   */
  async check(channel: ChannelRef, mode: AccessMode): Promise<void> {
    const rules = this.rules();
    if (!hasChannelRules(rules)) return;
    if (!isPostInfo(channel)) return this.judge(await this.identify(channel), rules, mode);
    const identity = await this.identify(channel.channel_id).catch((err: unknown) => {
      if (unreadable(err)) return undefined;
      throw err;
    });
    if (identity) return this.judge(identity, rules, mode);
    return this.judgeSighting(channel, rules, mode);
  }

  private judge(identity: ChannelIdentity, rules: ChannelRules, mode: AccessMode): void {
    if (channelAllowed(identity, rules, mode)) return;
    const where = identity.dmUsernames
      ? `the direct messages with @${identity.dmUsernames.join(', @')}`
      : identity.team
        ? `${identity.team}/${identity.name}`
        : `channel ${identity.id}`;
    // Profiles hold channel lists for reads and writes alike: name those that refuse this one.
    const deciding = profilesRefusingChannel(this.profiles(), identity);
    const policy = deciding.length
      ? `An admin's policy (profile ${deciding.join(', ')})`
      : "An admin's policy";
    throw refusal(policy, where, mode, deciding);
  }

  private async judgeSighting(info: PostInfo, rules: ChannelRules, mode: AccessMode) {
    const sighting: ChannelSighting = { id: info.channel_id, type: info.channel_type };
    if (info.team_id) {
      try {
        // An open team can be read by anyone on the server; its name is what rules name.
        sighting.team = (await this.mm.getTeam(info.team_id)).name.toLowerCase();
      } catch (err) {
        if (!(err instanceof MattermostError)) throw err;
      }
    }
    const allowed = sightingAllowed(sighting, rules, mode);
    if (allowed) return;
    const team = sighting.team ?? info.team_display_name;
    const where = `${team ? `${team}/` : ''}${info.channel_display_name || `channel ${info.channel_id}`}`;
    const deciding = this.profiles()
      .filter((profile) => sightingAllowed(sighting, profile.channels, 'read') !== true)
      .map((profile) => profile.name);
    const policy = deciding.length
      ? `An admin's policy (profile ${deciding.join(', ')})`
      : "An admin's policy";
    if (allowed === false) throw refusal(policy, where, mode, deciding);
    throw new PolicyError(
      `${policy} names channels by name, and ${where} cannot be looked up to tell whether it is ` +
        'one of them (its team is not joined): it stays out of reach of assistants.',
      mode === 'read' ? 'channel_read' : 'channel_write',
      deciding,
    );
  }
}

function refusal(policy: string, where: string, mode: AccessMode, deciding: string[]) {
  return new PolicyError(
    mode === 'read'
      ? `${policy} keeps assistants out of ${where}: it cannot be read or written through the bridge.`
      : `${policy} does not let assistants write to ${where}.`,
    mode === 'read' ? 'channel_read' : 'channel_write',
    deciding,
  );
}
