import mattermostClient from '@mattermost/client';
import { WebSocket } from 'ws';

import { eventually, type Member } from './workspace.js';

const { WebSocketClient } = mattermostClient;

export interface WireEvent {
  event: string;
  seq: number;
  data: Record<string, unknown>;
  broadcast: Record<string, unknown>;
}

/**
 * The official WebSocketClient as one user, recording every event and every resync it asks for.
 * It authenticates on the upgrade (`header`, what resumes after a drop) or with the
 * `authentication_challenge` frame the browser client sends (`challenge`).
 */
export class LiveClient {
  readonly ws: InstanceType<typeof WebSocketClient>;
  readonly events: WireEvent[] = [];
  missedResyncs = 0;

  constructor(
    private readonly url: string,
    readonly member: Member,
    retryMs = 300,
    private readonly via: 'header' | 'challenge' = 'header',
  ) {
    const headers = { Authorization: `Bearer ${member.token}` };
    this.ws = new WebSocketClient({
      minWebSocketRetryTime: retryMs,
      reconnectJitterRange: 10,
      maxWebSocketFails: 1000,
      clientPingInterval: 60_000,
      ...(via === 'header'
        ? { newWebSocketFn: (u: string) => new WebSocket(u, { headers }) as never }
        : {}),
    });
    this.ws.addMessageListener((m) => this.events.push(m as unknown as WireEvent));
    this.ws.addMissedMessageListener(() => this.missedResyncs++);
  }

  async connect(): Promise<this> {
    const endpoint = `${this.url.replace(/^http/, 'ws')}/api/v4/websocket`;
    this.ws.initialize(endpoint, this.via === 'challenge' ? this.member.token : undefined);
    await eventually(() => this.hellos()[0]);
    return this;
  }

  hellos(): WireEvent[] {
    return this.events.filter((e) => e.event === 'hello');
  }

  named(event: string): WireEvent[] {
    return this.events.filter((e) => e.event === event);
  }

  /** The messages of the `posted` events received, in order. */
  postedMessages(): string[] {
    return this.named('posted').map(
      (e) => (JSON.parse(String(e.data.post)) as { message: string }).message,
    );
  }

  /** Sends an action and resolves with the server's reply. */
  request(
    action: string,
    data: unknown,
  ): Promise<{ status: string; data?: unknown; error?: unknown }> {
    return new Promise((resolve) => this.ws.sendMessage(action, data, resolve));
  }

  close(): void {
    this.ws.close();
  }
}
