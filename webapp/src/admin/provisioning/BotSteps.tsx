// The provisioning steps for an existing mcp-bridge account: enable it, give it the System Admin
// role after a confirmation, issue its token.
import * as React from 'react';
import { BRIDGE_BOT_USERNAME, hasRole, type MattermostUser } from '../../bridge/bot';
import { Notice } from '../../components/Notice';

interface BotStepsProps {
  user: MattermostUser;
  busy: boolean;
  confirmingAdmin: boolean;
  onEnable: () => void;
  onAskAdmin: () => void;
  onCancelAdmin: () => void;
  onConfirmAdmin: () => void;
  onIssueToken: () => void;
}

export function BotSteps(props: BotStepsProps) {
  const { user, busy, confirmingAdmin } = props;
  if (!user.is_bot) {
    return (
      <Notice tone="error">
        A regular user already holds the username <code>{BRIDGE_BOT_USERNAME}</code>. Rename or
        deactivate that user, then reload this page to create the bot account.
      </Notice>
    );
  }
  if (user.delete_at > 0) {
    return (
      <div>
        <p>
          Step 1. The <code>{BRIDGE_BOT_USERNAME}</code> bot account exists but is disabled.
        </p>
        <button type="button" className="btn btn-primary" onClick={props.onEnable} disabled={busy}>
          Enable the {BRIDGE_BOT_USERNAME} bot account
        </button>
      </div>
    );
  }
  const isAdmin = hasRole(user, 'system_admin');
  return (
    <div>
      <p>
        Step 1. Bot account <code>{BRIDGE_BOT_USERNAME}</code>: ready.
      </p>
      <p>
        Step 2. System Admin role: {isAdmin ? 'granted.' : 'not granted.'} The bridge reads this
        plugin&apos;s settings from the server configuration, which takes the{' '}
        <code>manage_system</code> permission, held by the System Admin role. Users&apos; assistants
        never act as this bot: they act with their own tokens.
      </p>
      {!isAdmin && !confirmingAdmin ? (
        <button
          type="button"
          className="btn btn-tertiary"
          onClick={props.onAskAdmin}
          disabled={busy}
        >
          Make {BRIDGE_BOT_USERNAME} a system admin…
        </button>
      ) : null}
      {!isAdmin && confirmingAdmin ? (
        <div role="group" aria-label="Confirm the System Admin role">
          <p>
            Anyone holding the bot&apos;s token will have full administrative rights on this server.
            Keep the token in the bridge&apos;s environment only.
          </p>
          <button
            type="button"
            className="btn btn-danger"
            onClick={props.onConfirmAdmin}
            disabled={busy}
          >
            Confirm: make {BRIDGE_BOT_USERNAME} a system admin
          </button>{' '}
          <button
            type="button"
            className="btn btn-tertiary"
            onClick={props.onCancelAdmin}
            disabled={busy}
          >
            Cancel
          </button>
        </div>
      ) : null}
      <p>
        Step 3. Create a token for the bridge. Creating another one later does not revoke this one.
      </p>
      <button
        type="button"
        className="btn btn-primary"
        onClick={props.onIssueToken}
        disabled={busy}
      >
        Create a bridge token
      </button>
    </div>
  );
}
