// One authenticated WebSocket: rate limit, liveness (ping/pong), back-pressure, and the guarantee
// that nothing a client sends can throw past it.
import type { WebSocket, RawData } from 'ws';
import type { Principal } from './auth';
import { TokenBucket, type RelayLimits } from './limits';
import { errorFields, type RelayLog } from './log';
import type { RelayMetrics } from './metrics';
import type { RoomConnection } from './room';
import type { RoomHub } from './rooms';
import { RelayCloseCode } from '../src-shared/protocol/relay-api';

let nextConnectionId = 1;

export class ClientConnection implements RoomConnection {
  readonly id = nextConnectionId++;
  readonly awarenessClientIds = new Set<number>();
  alive = true;
  private readonly bucket: TokenBucket;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    readonly principal: Principal,
    readonly room: string,
    readonly ip: string,
    readonly generation: number,
    private readonly deps: { hub: RoomHub; limits: RelayLimits; metrics: RelayMetrics; log: RelayLog },
  ) {
    this.bucket = new TokenBucket(deps.limits.messagesPerSecond, deps.limits.messageBurst);
    ws.on('message', this.onMessage);
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('error', (error) => deps.log('warn', 'connection_error', { conn: this.id, room, ...errorFields(error) }));
    ws.on('close', (code, reason) => {
      this.closed = true;
      deps.hub.leave(room, this);
      deps.log('info', 'connection_closed', { conn: this.id, room, user: principal.userId, code, reason: reason.toString('utf8') });
    });
  }

  start(): void {
    this.deps.log('info', 'connection_opened', {
      conn: this.id,
      room: this.room,
      user: this.principal.userId,
      role: this.principal.role,
      tokenId: this.principal.tokenId,
      ip: this.ip,
    });
    this.deps.metrics.connectionsOpened.inc();
    this.deps.hub.join(this.room, this);
  }

  private readonly onMessage = (data: RawData, isBinary: boolean): void => {
    if (this.closed) return;
    const bytes = toBytes(data);
    this.deps.metrics.messagesReceived.inc();
    this.deps.metrics.bytesReceived.inc(bytes.byteLength);
    if (!isBinary) {
      this.deps.metrics.malformedMessages.inc();
      this.close(RelayCloseCode.malformedMessage, 'malformed message: text frames are not part of the protocol');
      return;
    }
    if (!this.bucket.take()) {
      this.deps.metrics.rateLimited.inc();
      this.deps.log('warn', 'message_rate_exceeded', { conn: this.id, room: this.room, user: this.principal.userId });
      this.close(RelayCloseCode.policyViolation, 'message rate limit exceeded');
      return;
    }
    try {
      this.deps.hub.handleMessage(this.room, this, bytes);
    } catch (error) {
      // Malformed input is handled inside the room; anything reaching here is a relay bug. The
      // connection goes, the process stays.
      this.deps.log('error', 'message_handler_failed', { conn: this.id, room: this.room, ...errorFields(error) });
      this.close(RelayCloseCode.internalError, 'internal error');
    }
  };

  send(data: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.deps.limits.maxBufferedBytes) {
      this.deps.log('warn', 'slow_consumer', { conn: this.id, room: this.room, buffered: this.ws.bufferedAmount });
      this.close(RelayCloseCode.tryAgainLater, 'connection too slow to keep up');
      return;
    }
    this.deps.metrics.bytesSent.inc(data.byteLength);
    this.ws.send(data);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.ws.close(code, reason);
    // Leave now (not on the close handshake): a closing client gets no more room traffic and its
    // awareness is cleared for the others immediately.
    this.deps.hub.leave(this.room, this);
  }

  /** Ping/pong liveness: called every ping interval. */
  heartbeat(): void {
    if (!this.alive) {
      this.deps.log('info', 'connection_timed_out', { conn: this.id, room: this.room, user: this.principal.userId });
      this.closed = true;
      this.ws.terminate();
      this.deps.hub.leave(this.room, this);
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  terminate(): void {
    this.closed = true;
    this.ws.terminate();
    this.deps.hub.leave(this.room, this);
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
