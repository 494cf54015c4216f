import { pino, type Logger } from 'pino';
import { REDACTED_PATHS } from '../observability/logger.js';
import { ConfigError } from '../errors.js';

/** One line of the audit trail: who, through which tool, on what, with what result. No message text. */
export interface AuditEntry {
  user_id: string;
  username: string;
  tool: string;
  kind: string;
  toolset: string;
  /** The MCP client's name (`clientInfo.name`). */
  client?: string;
  /** Channels the call touched. */
  channel_ids: string[];
  /** The call's target arguments (ids and channel references only, never message bodies). */
  targets: Record<string, unknown>;
  /** Ids of what the call made or changed, from its structured result (post_id, file_id, ...). */
  result_ids: Record<string, string>;
  outcome: 'ok' | 'error' | 'refused' | 'declined';
  /** The rule that refused it, or the error's kind. */
  reason?: string;
  /** The policy profiles that decided a refusal, when profiles did. */
  profiles?: string[];
  confirmation?: string;
  correlation_id: string;
  duration_ms: number;
}

/**
 * What assistants did, for an admin to answer "what did the AI do": a child of the bridge's logger
 * named `mcp-bridge.audit` with `audit: true` on every line (so log pipelines can route it), and
 * optionally the same lines in a file of their own (BRIDGE_AUDIT_LOG).
 */
export class AuditLog {
  private readonly log: Logger;
  private readonly file?: Logger;
  private destination?: ReturnType<typeof pino.destination>;

  constructor(parent: Logger, filePath?: string) {
    this.log = parent.child({ name: 'mcp-bridge.audit', audit: true });
    if (filePath) {
      this.file = pino(
        {
          base: { service: 'mcp-bridge', name: 'mcp-bridge.audit', audit: true },
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          timestamp: pino.stdTimeFunctions.isoTime,
        },
        (this.destination = openAuditFile(filePath)),
      );
    }
  }

  /** Flushes and closes the audit file, if any. */
  close(): void {
    this.destination?.end();
    this.destination = undefined;
  }

  record(entry: AuditEntry): void {
    const message = `${entry.username} ${entry.outcome} ${entry.tool}`;
    this.log.info(entry, message);
    if (this.destination) this.file?.info(entry, message);
  }
}

/** The audit file, opened at start; a path that cannot be written is a configuration error naming it. */
function openAuditFile(filePath: string): ReturnType<typeof pino.destination> {
  try {
    return pino.destination({ dest: filePath, sync: true, mkdir: true });
  } catch (err) {
    throw new ConfigError(
      `BRIDGE_AUDIT_LOG: cannot open ${filePath} for writing (${(err as Error).message}).`,
    );
  }
}
