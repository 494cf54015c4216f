import { ChannelGuard } from '../../policy/channel-guard.js';
import { unguarded } from '../../policy/guarded-gateway.js';
import type { PolicyStore } from '../../policy/policy-store.js';
import { resolveTargets } from '../../policy/targets.js';
import { profilesExcludingTool } from '../../policy/policy-profiles.js';
import type { Exclusion, ToolCatalogue } from '../tool-filter.js';
import type { ToolMiddleware } from './types.js';
import { PolicyError } from '../../errors.js';

const REASONS: Record<Exclusion, string> = {
  not_selected: 'it is not enabled in this session',
  toolset_not_allowed: 'its toolset is not allowed on this bridge',
  read_only: 'the bridge is read-only',
  write_not_allowed: 'writing is not allowed for its toolset',
  admin_only: 'it is for system admins only',
};

/**
 * The admin's policy, checked at every call whatever the client listed or sent:
 *
 *  1. the tool itself must still be within the bounds (read-only, allowed toolsets, write
 *     toolsets, admin only), which also covers a policy changed while the session was open;
 *  2. every channel the arguments touch (channel references, post, root and file ids) must be
 *     readable, and writable for tools that write, by the channel rules.
 *
 * Messages themselves (length, broadcast mentions, the assistant mark) and the screening of
 * answers happen in the session's guarded gateway (policy/guarded-gateway.ts), below the tools.
 */
export function policyMiddleware(policy: PolicyStore, catalogue: ToolCatalogue): ToolMiddleware {
  return async (call, next) => {
    const { tool, ctx } = call;
    const session = call.policy ?? (() => policy.forSession(undefined, ctx.readOnly === true));
    const current = session();
    const excluded = catalogue.exclusion(tool, current, { isSystemAdmin: ctx.user.isSystemAdmin });
    if (excluded) {
      if (call.facts) call.facts.refusedBy = excluded;
      const profiles = profilesExcludingTool(current.profiles, tool, excluded);
      const reason = profiles.length
        ? `${REASONS[excluded]} (profile ${profiles.join(', ')})`
        : REASONS[excluded];
      throw new PolicyError(`${tool.name} is not available: ${reason}.`, excluded, profiles);
    }
    const mm = unguarded(ctx.mm);
    const guard = new ChannelGuard(
      mm,
      () => session().channels,
      () => session().profiles,
    );
    if (guard.active || tool.kind !== 'read') {
      const targets = await resolveTargets(mm, tool.input, call.args);
      if (call.facts) call.facts.channelIds = [...new Set(targets.map((t) => t.channelId))];
      try {
        for (const target of targets)
          await guard.check(
            target.seen ?? target.channelId,
            tool.kind === 'read' ? 'read' : 'write',
          );
      } catch (err) {
        if (call.facts && err instanceof PolicyError) call.facts.refusedBy = err.rule;
        throw err;
      }
    }
    return next(call);
  };
}
