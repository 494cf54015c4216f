import { ToolError } from '../tools/define.js';

/**
 * A call refused by an admin's policy. It is a ToolError, so the model reads a clear reason as a
 * tool result (not a protocol fault) and does not retry blindly.
 */
export class PolicyError extends ToolError {
  constructor(
    message: string,
    /** What kind of rule refused it, for the audit trail and metrics. */
    readonly rule: string,
  ) {
    super(message);
    this.name = 'PolicyError';
  }
}
