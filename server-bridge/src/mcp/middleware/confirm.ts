import { inputRequired, inputResponse } from '@modelcontextprotocol/server';
import type { PolicyStore } from '../../policy/policy-store.js';
import { argumentsDigest } from '../confirmation.js';
import type { ToolMiddleware } from './types.js';
import { PolicyError } from '../../errors.js';

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

/** The key of the confirmation among the call's input requests. */
export const CONFIRM_INPUT = 'confirm';

/**
 * Destructive tools (their kind says so) ask the user before they run. The call answers with an
 * input-required result holding a form elicitation and a sealed ticket naming the exact call; the
 * client asks the user and sends the call again with the answer and the ticket (protocol revision
 * 2026-07-28). On a 2025-era session the SDK plays the client's part: it sends the elicitation to
 * the client and calls again with the answer, so both eras run this one path. Only an explicit
 * accept with `confirm: true`, for this user, tool and arguments, lets the call through. Clients
 * without elicitation proceed, or are refused, as BRIDGE_CONFIRM_DESTRUCTIVE says; `never` turns
 * confirmation off.
 */
export function confirmMiddleware(policy: PolicyStore): ToolMiddleware {
  return async (call, next) => {
    const mode = policy.current.confirmDestructive;
    if (call.tool.kind !== 'destructive' || mode === 'never') return next(call);
    const facts = call.facts ?? {};
    const client = call.client;
    if (!client?.canElicit) {
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
    const ticket = {
      u: call.ctx.user.id,
      t: call.tool.name,
      a: argumentsDigest(call.tool.name, call.args),
    };
    const held = client.confirmation?.ticket;
    const answer = inputResponse(client.confirmation?.responses, CONFIRM_INPUT);
    const forThisCall =
      held !== undefined && held.u === ticket.u && held.t === ticket.t && held.a === ticket.a;
    if (!forThisCall || answer.kind !== 'elicit') {
      return inputRequired({
        inputRequests: {
          [CONFIRM_INPUT]: inputRequired.elicit({
            mode: 'form',
            message: `Your assistant wants to run ${describeCall(call.tool.name, call.args)}. This cannot be undone. Allow it?`,
            requestedSchema: {
              type: 'object',
              properties: {
                confirm: { type: 'boolean', title: 'Allow', description: 'Run this action now.' },
              },
              required: ['confirm'],
            },
          }),
        },
        requestState: await client.seal(ticket),
      });
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
