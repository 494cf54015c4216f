import { isInputRequiredResult, type CallToolResult } from '@modelcontextprotocol/server';
import { Counter, type Registry } from 'prom-client';
import type { z } from 'zod';
import type { AuditEntry, AuditLog } from '../../policy/audit-log.js';
import { subjectsOf } from '../../policy/targets.js';
import type { ToolMiddleware } from './types.js';
import { PolicyError } from '../../errors.js';

/** The ids a structured result names at its top level (post_id, file_id, id, ...). */
function resultIds(result: CallToolResult | undefined): Record<string, string> {
  const structured = result?.structuredContent;
  if (!structured || result?.isError) return {};
  const ids: Record<string, string> = {};
  for (const [key, value] of Object.entries(structured)) {
    if ((key === 'id' || key.endsWith('_id')) && typeof value === 'string' && value)
      ids[key] = value;
  }
  return ids;
}

/**
 * The arguments that name what the call acts on (declared by the tool's argument builders:
 * channels, posts, files, teams, people); never the message or other free text.
 */
function targetArgs(input: z.ZodObject, args: Record<string, unknown>): Record<string, unknown> {
  const subjects = subjectsOf(input);
  return Object.fromEntries(Object.entries(args).filter(([key]) => subjects.has(key)));
}

/** `mcp_bridge_policy_refusals_total{tool, rule}`, created once per metrics registry. */
export function policyRefusals(registry: Registry): Counter<'tool' | 'rule'> {
  return (
    (registry.getSingleMetric('mcp_bridge_policy_refusals_total') as
      Counter<'tool' | 'rule'> | undefined) ??
    new Counter({
      name: 'mcp_bridge_policy_refusals_total',
      help: "Tool calls an admin's policy refused, by tool and rule.",
      labelNames: ['tool', 'rule'] as const,
      registers: [registry],
    })
  );
}

/**
 * Records every write and destructive call, and every call a policy refused, in the audit trail,
 * with its outcome. It sits inside the error mapping, so it sees the real failure, and outside the
 * policy steps, so it records their refusals too.
 */
export function auditMiddleware(audit: AuditLog, registry?: Registry): ToolMiddleware {
  const refusals = registry ? policyRefusals(registry) : undefined;
  return async (call, next) => {
    const started = Date.now();
    const facts = (call.facts ??= {});
    const write = call.tool.kind !== 'read';
    const entry = (
      outcome: AuditEntry['outcome'],
      result?: CallToolResult,
      reason?: string,
      profiles: readonly string[] = [],
    ): AuditEntry => ({
      user_id: call.ctx.user.id,
      username: call.ctx.user.username,
      tool: call.tool.name,
      kind: call.tool.kind,
      toolset: call.tool.toolset,
      ...(call.client?.name ? { client: call.client.name } : {}),
      channel_ids: facts.channelIds ?? [],
      targets: targetArgs(call.tool.input, call.args),
      result_ids: resultIds(result),
      outcome,
      ...(reason ? { reason } : {}),
      ...(profiles.length ? { profiles: [...profiles] } : {}),
      ...(facts.confirmation ? { confirmation: facts.confirmation } : {}),
      correlation_id: call.ctx.correlationId,
      duration_ms: Date.now() - started,
    });
    let result;
    try {
      result = await next(call);
    } catch (err) {
      if (err instanceof PolicyError) {
        refusals?.inc({ tool: call.tool.name, rule: err.rule });
        audit.record(
          entry(
            err.rule === 'declined' ? 'declined' : 'refused',
            undefined,
            err.rule,
            err.profiles,
          ),
        );
      } else if (write) {
        audit.record(entry('error', undefined, (err as Error).name));
      }
      throw err;
    }
    // A question to the user is not an outcome: the call sent again with the answer is recorded.
    if (isInputRequiredResult(result)) return result;
    if (write) audit.record(entry(result.isError ? 'error' : 'ok', result));
    return result;
  };
}
