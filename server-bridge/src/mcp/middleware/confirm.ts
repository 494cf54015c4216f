import { PolicyError } from '../../policy/policy-error.js';
import type { PolicyStore } from '../../policy/policy-store.js';
import type { ToolMiddleware } from './types.js';

/** What the confirmation shows: the tool and its arguments, long text cut short. */
function describeCall(name: string, args: Record<string, unknown>): string {
  const parts = Object.entries(args)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      return `${key}: ${text.length > 80 ? `${text.slice(0, 77)}...` : text}`;
    });
  return `${name}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * Destructive tools (their kind says so) ask the user before they run, through MCP elicitation:
 * the client shows the question and answers accept, decline or cancel. Only an explicit accept with
 * `confirm: true` lets the call through. Clients without elicitation proceed, or are refused, as
 * BRIDGE_CONFIRM_DESTRUCTIVE says; `never` turns confirmation off.
 */
export function confirmMiddleware(policy: PolicyStore): ToolMiddleware {
  return async (call, next) => {
    const mode = policy.current.confirmDestructive;
    if (call.tool.kind !== 'destructive' || mode === 'never') return next(call);
    const facts = call.facts ?? {};
    if (!call.client?.canElicit) {
      facts.confirmation = 'unsupported';
      if (mode === 'always-refuse-without') {
        facts.refusedBy = 'confirmation_unsupported';
        throw new PolicyError(
          `${call.tool.name} cannot be undone and needs the user's confirmation, but this client cannot ask ` +
            '(MCP elicitation). The user can do it in Mattermost directly.',
          'confirmation_unsupported',
        );
      }
      return next(call);
    }
    let answer;
    try {
      answer = await call.client.elicit({
        mode: 'form',
        message: `Your assistant wants to run ${describeCall(call.tool.name, call.args)}. This cannot be undone. Allow it?`,
        requestedSchema: {
          type: 'object',
          properties: {
            confirm: { type: 'boolean', title: 'Allow', description: 'Run this action now.' },
          },
          required: ['confirm'],
        },
      });
    } catch (err) {
      call.ctx.log.warn({ err: (err as Error).message }, 'asking the user to confirm failed');
      facts.confirmation = 'cancel';
      facts.refusedBy = 'confirmation_failed';
      throw new PolicyError(
        `${call.tool.name} needs the user's confirmation and the client did not answer. Nothing was changed.`,
        'confirmation_failed',
      );
    }
    const accepted = answer.action === 'accept' && answer.content?.confirm === true;
    facts.confirmation = accepted ? 'accept' : answer.action === 'cancel' ? 'cancel' : 'decline';
    if (!accepted) {
      facts.refusedBy = 'declined';
      throw new PolicyError(
        `The user did not allow ${call.tool.name}. Nothing was changed.`,
        'declined',
      );
    }
    return next(call);
  };
}
