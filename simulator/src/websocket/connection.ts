import { WebSocket } from 'ws';

import { ReplayQueue, type SequencedFrame } from './replay-queue.js';

/**
 * One Mattermost WebSocket connection: its id, its user, its event sequence and replay queue. It
 * outlives its socket: when the socket goes away the connection is held (inactive) so that a
 * client coming back with the same id can be given what it missed.
 */
export class HubConnection {
  private nextSeq = 0;
  private readonly queue: ReplayQueue;
  socket: WebSocket | undefined;
  /** When the socket went away; undefined while a socket is attached. */
  inactiveSince: number | undefined;
  presenceChannelId: string | undefined;
  /** The session token the current socket authenticated with, checked again before each delivery. */
  token: string | undefined;

  constructor(
    readonly connectionId: string,
    readonly userId: string,
    queueCapacity: number,
  ) {
    this.queue = new ReplayQueue(queueCapacity);
  }

  get active(): boolean {
    return this.socket !== undefined;
  }

  /** The sequence number the next event will carry. */
  get sequence(): number {
    return this.nextSeq;
  }

  /** Gives an event its sequence number, keeps it for replay and sends it if a socket is attached. */
  sendEvent(event: string, data: unknown, broadcast: unknown): void {
    const seq = this.nextSeq++;
    const text = JSON.stringify({ event, data, broadcast, seq });
    this.queue.push({ seq, text });
    this.write(text);
  }

  /** A reply to a client action; replies carry no event sequence and are not replayed. */
  sendReply(reply: {
    status: 'OK' | 'FAIL';
    seq_reply: number;
    data?: unknown;
    error?: unknown;
  }): void {
    this.write(JSON.stringify(reply));
  }

  missedSince(seq: number): SequencedFrame[] | undefined {
    return this.queue.from(seq, this.nextSeq);
  }

  attach(socket: WebSocket, token: string): void {
    this.socket = socket;
    this.token = token;
    this.inactiveSince = undefined;
  }

  detach(now: number): void {
    this.socket = undefined;
    this.inactiveSince = now;
    this.presenceChannelId = undefined;
  }

  write(text: string): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(text);
  }
}
