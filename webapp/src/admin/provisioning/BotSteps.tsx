// The provisioning steps for an existing mcp-bridge account: enable it, issue its token, and say
// exactly what the bot may do. A bot left with the System Admin role by an older set-up is offered
// the way back to an ordinary bot.
import * as React from 'react';

import { BRIDGE_BOT_USERNAME, hasRole, type MattermostUser } from '../../bridge/bot';
import { Notice } from '../../components/Notice';

interface BotStepsProps {
  user: MattermostUser;
  busy: boolean;
  onEnable: () => void;
  onDropAdmin: () => void;
  onIssueToken: () => void;
}

/** What the bridge does with its bot's token; every call is one any account may make about itself. */
export function BotRights() {
  return (
    <div className="help-text">
      <p>
        The bot is an ordinary bot: Mattermost gives it the <code>system_user</code> role and this
        page gives it nothing more. With its token the bridge only:
      </p>
      <ul aria-label="What the bridge does with its bot account">
        <li>checks who it is (its own profile);</li>
        <li>
          reads its own preferences, where Save on this page puts the bridge&apos;s settings, and
          hears on its WebSocket when they change;
        </li>
        <li>
          writes its own profile, to tell users the bridge&apos;s address and version in their AI
          assistant access settings;
        </li>
        <li>reads the client configuration every page reads (the site URL).</li>
      </ul>
      <p>
        Assistants never act as this bot: each acts as the person who connected it, with that
        person&apos;s own access.
      </p>
    </div>
  );
}

export function BotSteps(props: BotStepsProps) {
  const { user, busy } = props;
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
  return (
    <div>
      <p>
        Step 1. Bot account <code>{BRIDGE_BOT_USERNAME}</code>: ready.
      </p>
      {hasRole(user, 'system_admin') ? (
        <div>
          <Notice tone="warning">
            The bot holds the System Admin role, which the bridge no longer needs: anyone with its
            token could administer this server.
          </Notice>
          <button
            type="button"
            className="btn btn-tertiary"
            onClick={props.onDropAdmin}
            disabled={busy}
          >
            Make {BRIDGE_BOT_USERNAME} an ordinary bot again
          </button>
        </div>
      ) : null}
      <p>
        Step 2. Create a token for the bridge. Creating another one later does not revoke this one.
        Bot tokens work even while personal access tokens are off for people.
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
