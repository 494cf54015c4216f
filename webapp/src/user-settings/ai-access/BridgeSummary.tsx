// Which bridge this server uses, as its bot advertises it, and whether it answers.
import * as React from 'react';
import { summarizeHealth, type HealthCheck } from '../../bridge/health';
import { mcpEndpoint } from '../../bridge/url';
import { Notice } from '../../components/Notice';

export type BridgeView =
  | { state: 'loading' }
  | { state: 'missing' }
  | { state: 'ready'; url: string; version?: string; health?: HealthCheck; oauth?: boolean }
  | { state: 'failed'; message: string };

export function BridgeSummary({ bridge }: { bridge: BridgeView }) {
  switch (bridge.state) {
    case 'loading':
      return <p role="status">Looking up the AI bridge…</p>;
    case 'failed':
      return <Notice tone="error">{bridge.message}</Notice>;
    case 'missing':
      return (
        <Notice tone="warning">
          AI assistant access is not set up on this server yet: no MCP bridge has registered. Ask a
          system admin to set up the MCP bridge.
        </Notice>
      );
    case 'ready': {
      const summary = bridge.health ? summarizeHealth(bridge.health, 'user') : undefined;
      return (
        <div>
          <p>
            Assistants connect to <code>{mcpEndpoint(bridge.url)}</code>
            {bridge.version ? ` (bridge version ${bridge.version})` : ''}.
          </p>
          {summary ? (
            <Notice tone={summary.tone}>{summary.text}</Notice>
          ) : (
            <p role="status">Checking the bridge…</p>
          )}
        </div>
      );
    }
  }
}
