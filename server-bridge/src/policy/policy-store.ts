import { EventEmitter } from 'node:events';
import { combinePolicy, type Policy, type PluginSettings } from './policy.js';

/**
 * The policy in force. The environment's part is fixed at start; the plugin's part changes when an
 * admin saves the System Console. Sessions read `current` at every call and listen for `change` to
 * update their tool lists, so a change applies to open sessions at once.
 */
export class PolicyStore extends EventEmitter<{ change: [Policy] }> {
  private effective: Policy;
  private plugin?: PluginSettings;

  constructor(private readonly base: Policy) {
    super();
    this.setMaxListeners(0);
    this.effective = base;
  }

  get current(): Policy {
    return this.effective;
  }

  get pluginSettings(): PluginSettings | undefined {
    return this.plugin;
  }

  /** Applies new plugin settings (undefined: none); emits `change` when the outcome differs. */
  setPluginSettings(settings: PluginSettings | undefined): boolean {
    const next = combinePolicy(this.base, settings);
    this.plugin = settings;
    if (JSON.stringify(next) === JSON.stringify(this.effective)) return false;
    this.effective = next;
    this.emit('change', next);
    return true;
  }
}
