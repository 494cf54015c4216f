import { EventEmitter } from 'node:events';
import { combinePolicy, type Policy, type PluginSettings } from './policy.js';
import {
  appliesTo,
  combineProfiles,
  profileSubject,
  type PolicyProfile,
  type ProfileSubject,
  type SessionPolicy,
} from './policy-profiles.js';

/** What names a session for its profiles: its user, its token, its OAuth client, a read-only grant. */
export interface SessionBinding {
  user: { id: string; username: string };
  token: string;
  oauthClientId?: string;
  readOnly?: boolean;
}

/**
 * The policy in force. The environment's part is fixed at start; the plugin's part changes when an
 * admin saves the System Console. Sessions read their own policy (`forSession`) at every call and
 * listen for `change` to update their tool lists, so a change applies to open sessions at once.
 */
export class PolicyStore extends EventEmitter<{ change: [Policy] }> {
  private effective: Policy;
  private plugin?: PluginSettings;

  constructor(
    private readonly base: Policy,
    /** The profiles of the environment (BRIDGE_POLICY_PROFILES). */
    private readonly baseProfiles: readonly PolicyProfile[] = [],
  ) {
    super();
    this.setMaxListeners(0);
    this.effective = base;
  }

  /** The global policy: the environment and the System Console, before any profile. */
  get current(): Policy {
    return this.effective;
  }

  get pluginSettings(): PluginSettings | undefined {
    return this.plugin;
  }

  /** Every profile defined, the environment's first. */
  get profiles(): readonly PolicyProfile[] {
    return [...this.baseProfiles, ...(this.plugin?.profiles ?? [])];
  }

  /**
   * The policy that binds one session: the global policy narrowed by every profile naming its
   * token, user or OAuth client, and by a read-only grant.
   */
  forSession(subject: ProfileSubject | undefined, readOnly = false): SessionPolicy {
    const applying = subject ? this.profiles.filter((p) => appliesTo(p, subject)) : [];
    const policy = combineProfiles(this.effective, applying);
    return readOnly ? { ...policy, readOnly: true } : policy;
  }

  /**
   * The policy of one session, read again at every call so a change applies at once; undefined
   * binds no one (the global policy alone).
   */
  bindSession(session: SessionBinding | undefined): () => SessionPolicy {
    if (!session) return () => this.forSession(undefined);
    const subject = profileSubject(session.user, session.token, session.oauthClientId);
    return () => this.forSession(subject, session.readOnly === true);
  }

  /** Applies new plugin settings (undefined: none); emits `change` when the outcome differs. */
  setPluginSettings(settings: PluginSettings | undefined): boolean {
    const next = combinePolicy(this.base, settings);
    const profilesBefore = JSON.stringify(this.plugin?.profiles ?? []);
    this.plugin = settings;
    const profilesChanged = JSON.stringify(settings?.profiles ?? []) !== profilesBefore;
    if (!profilesChanged && JSON.stringify(next) === JSON.stringify(this.effective)) return false;
    this.effective = next;
    this.emit('change', next);
    return true;
  }
}
