import type { ServerChannel, UserGateway } from '../gateway/user-gateway.js';
import {
  channelAllowed,
  hasChannelRules,
  type ChannelIdentity,
  type ChannelRules,
} from './channel-rules.js';
import { profilesRefusingChannel, type PolicyProfile } from './policy-profiles.js';
import { directPartnerId } from '../resolve/direct-messages.js';
import { MattermostError, PolicyError } from '../errors.js';

export type AccessMode = 'read' | 'write';

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

  /** Throws PolicyError when the rules keep assistants out of this channel. */
  async check(channel: ServerChannel | string, mode: AccessMode): Promise<void> {
    const rules = this.rules();
    if (!hasChannelRules(rules)) return;
    const identity = await this.identify(channel);
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
    throw new PolicyError(
      mode === 'read'
        ? `${policy} keeps assistants out of ${where}: it cannot be read or written through the bridge.`
        : `${policy} does not let assistants write to ${where}.`,
      mode === 'read' ? 'channel_read' : 'channel_write',
      deciding,
    );
  }
}
