// The relay factory: an HTTP server (health, metrics, members API) whose upgrade handler
// authenticates, then hands the socket to a ClientConnection in a room of the RoomHub.
//
//   const relay = createRelay({ dbPath: 'data/relay.sqlite' });
//   const { port } = await relay.listen(0, '127.0.0.1');
//   ...
//   await relay.close();   // closes clients with 1001, flushes, compacts, closes the database
//
// One relay process per database file (rooms are cached in memory and compacted from there).
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { RelayCloseCode } from '../src-shared/protocol/relay-api';
import { AppendQueue } from './append-queue';
import { ArchiveService } from './archive-service';
import { restoreArchived } from './archive-port';
import { ArchiveStore } from './archive-store';
import { GenerationStore } from './generations';
import { ClientConnection } from './connection';
import type { SynchronousMode } from './db/open';
import { handleHttpRequest } from './http-routes';
import { SignalIntake } from './signals';
import { EventFeed } from './event-feed';
import { TrackingIntake } from './tracking';
import { StateChangeBatcher } from './tracking-batch';
import { KeyedRateLimiter, resolveLimits, type RelayLimits } from './limits';
import { errorFields, silentLog, type RelayLog } from './log';
import { RelayMetrics } from './metrics';
import { LocalRoomHub } from './rooms';
import { openRelayStore, type RelayStore } from './store';
import { acquireServeLock } from './serve-lock';
import { decideUpgrade } from './upgrade';

export { createToken, revokeToken, openRelayStore, type RelayStore } from './store';
export { readServeLock } from './serve-lock';
export type { RelayLimits } from './limits';

export interface RelayOptions {
  /** An open store (the caller closes it), or a database path (the relay opens and closes it). */
  store?: RelayStore;
  dbPath?: string;
  limits?: Partial<RelayLimits>;
  log?: RelayLog;
  /** Group-commit updates that arrive in one event-loop turn (default true). */
  batching?: boolean;
  synchronous?: SynchronousMode;
  /**
   * Validate every client update against the domain rules before it is stored (default true;
   * false only for benchmarks comparing the cost).
   */
  checks?: boolean;
  /** How often every workspace's retention runs (archive-service.ts); default daily, 0 = never. */
  retentionIntervalMs?: number;
}

export interface Relay {
  listen(port: number, host?: string): Promise<{ port: number; host: string }>;
  close(): Promise<void>;
  readonly store: RelayStore;
  readonly metrics: RelayMetrics;
  readonly hub: LocalRoomHub;
  readonly limits: RelayLimits;
  readonly archive: ArchiveService;
}

export function createRelay(options: RelayOptions): Relay {
  if (!options.store && !options.dbPath) throw new Error('createRelay needs a store or a dbPath');
  const ownsStore = !options.store;
  const lock = ownsStore ? acquireServeLock(options.dbPath as string) : null;
  const releaseLock = () => lock?.release();
  let store: RelayStore;
  try {
    store = options.store ?? openRelayStore(options.dbPath as string, { synchronous: options.synchronous ?? 'FULL' });
  } catch (error) {
    releaseLock();
    throw error;
  }
  const log = options.log ?? silentLog;
  const limits = resolveLimits(options.limits);
  const metrics = new RelayMetrics();
  const feed = new EventFeed(store.database.db);
  const queue = new AppendQueue(store.rooms, { batching: options.batching ?? true, metrics, afterCommit: (batch) => feed.notify(batch) });
  const generations = new GenerationStore(store.database.db);
  const archiveStore = new ArchiveStore(store.database.sqlite);
  // A relay killed during a retention run left that run's archive rows above the generation.
  const discarded = archiveStore.discardUnfinishedRuns();
  archiveStore.resumeFtsMerging();
  if (discarded > 0) log('warn', 'retention_run_discarded', { tasks: discarded });
  const hub: LocalRoomHub = new LocalRoomHub({
    persistence: store.rooms, queue, metrics, log, limits,
    checks: options.checks ?? true,
    generationOf: (workspace) => generations.current(workspace).generation,
    archivedAmong: (workspace: string, map: string, ids: readonly string[]): Set<string> => archive.archivedAmong(workspace, map, ids),
    membersOf: (workspace) => store.tokens.membersNow(workspace),
    isTokenActive: (tokenId) => store.tokens.isActiveNow(tokenId),
  });
  const archive: ArchiveService = new ArchiveService({ hub, persistence: store.rooms, archive: archiveStore, generations, queue, log });
  const connections = new Set<ClientConnection>();
  const ipLimiter = new KeyedRateLimiter(limits.connectionsPerIpPerSecond, limits.connectionBurstPerIp);
  const startedAt = Date.now();
  metrics.bindGauges({ connections: () => connections.size, roomsLoaded: () => hub.roomsLoaded, appendQueueDepth: () => queue.pending });

  const tracking = new TrackingIntake(store.database.db, (room, taskIds) => restoreArchived({ archive: archiveStore, queue }, room, taskIds));
  const signals = new SignalIntake((room, tracked) => tracking.lookup(room, tracked));
  const trackingStates = new StateChangeBatcher(hub, tracking);
  const server = http.createServer((req, res) => handleHttpRequest(req, res, { tokens: store.tokens, metrics, hub, signals, tracking, trackingStates, feed, archive, startedAt, log }));
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false });

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const ip = req.socket.remoteAddress ?? 'unknown';
    if (!ipLimiter.take(ip)) {
      // Cheap refusal before any WebSocket state exists; the client retries with backoff, which
      // is right for a transient limit (a 44xx close would stop the stock client for good).
      metrics.rateLimited.inc();
      metrics.refused('rate_limited');
      log('warn', 'connection_refused', { reason: 'rate_limited', ip });
      socket.end('HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    let decision: ReturnType<typeof decideUpgrade>;
    try {
      decision = decideUpgrade(req.url ?? '/', store.tokens);
    } catch (error) {
      log('error', 'auth_failed', { ip, ...errorFields(error) });
      decision = { ok: false, code: RelayCloseCode.tryAgainLater, reason: 'relay unavailable', logReason: 'auth_error' };
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      if (!decision.ok) {
        metrics.refused(decision.logReason);
        log('warn', 'connection_refused', {
          reason: decision.logReason,
          code: decision.code,
          ip,
          workspace: decision.workspace,
          tokenId: decision.tokenId,
        });
        ws.close(decision.code, decision.reason);
        return;
      }
      const conn = new ClientConnection(ws, decision.principal, decision.workspace, ip, decision.generation, { hub, limits, metrics, log });
      connections.add(conn);
      ws.on('close', () => connections.delete(conn));
      try {
        conn.start();
      } catch (error) {
        // Loading the room failed (e.g. the database is unreadable): this client retries later.
        log('error', 'room_join_failed', { room: decision.workspace, ...errorFields(error) });
        conn.close(RelayCloseCode.internalError, 'relay could not load the workspace');
      }
    });
  });

  const timers: NodeJS.Timeout[] = [];
  if (limits.pingIntervalMs > 0) timers.push(sweepInSlices(connections, limits.pingIntervalMs, (slice) => slice.forEach((conn) => conn.heartbeat())));
  if (limits.authRecheckMs > 0) {
    timers.push(
      sweepInSlices(connections, limits.authRecheckMs, (slice) => {
        const verdicts = new Map<string, boolean>();
        for (const conn of slice) {
          const id = conn.principal.tokenId;
          if (!verdicts.has(id)) verdicts.set(id, store.tokens.isActive(id));
          if (!verdicts.get(id)) {
            log('info', 'connection_revoked', { conn: conn.id, room: conn.room, tokenId: id });
            conn.close(RelayCloseCode.unauthorized, 'token revoked');
          }
        }
        ipLimiter.sweep();
      }),
    );
    // Roles changed and tokens revoked by the CLI reach the members logs of loaded rooms (the
    // members list is cached until the database changes, so this is cheap when nothing did).
    timers.push(setInterval(() => hub.syncAllMembers(), limits.authRecheckMs));
  }

  const retentionEvery = options.retentionIntervalMs ?? 24 * 3_600_000;
  if (retentionEvery > 0) {
    // One workspace after another: each run is sliced, so the relay serves throughout.
    const retentionTimer = setInterval(() => void (async () => {
      for (const workspace of new Set(store.tokens.list().filter((t) => t.revokedAt === null).map((t) => t.workspace))) {
        try {
          await archive.run(workspace);
        } catch (error) {
          log('error', 'retention_failed', { room: workspace, ...errorFields(error) });
        }
      }
    })(), retentionEvery);
    retentionTimer.unref();
    timers.push(retentionTimer);
  }

  let closing: Promise<void> | null = null;
  return {
    store,
    metrics,
    hub,
    limits,
    archive,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address();
          const actual = typeof address === 'object' && address ? address.port : port;
          lock?.update({ host, port: actual });
          log('info', 'listening', { host, port: actual });
          resolve({ port: actual, host });
        });
      }),
    close: () => {
      closing ??= (async () => {
        for (const timer of timers) clearInterval(timer);
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const conn of [...connections]) conn.close(RelayCloseCode.goingAway, 'relay shutting down');
        await archive.stopRuns();
        queue.flush();
        hub.unloadAll();
        // Give clients a moment to complete the close handshake, then cut whatever is left.
        await waitUntil(() => connections.size === 0, 1000);
        for (const conn of [...connections]) conn.terminate();
        for (const ws of wss.clients) ws.terminate();
        server.closeAllConnections();
        await serverClosed;
        wss.close();
        if (ownsStore) store.close();
        releaseLock();
        log('info', 'stopped', {});
      })();
      return closing;
    },
  };
}

const SWEEP_SLICES = 10;

/**
 * Visits every connection once per `intervalMs`, a tenth of them every tenth of the interval.
 * Visiting them all in one tick stalls every client: 1,000 pings (and 1,000 pongs back) or 1,000
 * token look-ups in one turn of the event loop hold up every fan-out behind them.
 */
function sweepInSlices(connections: Set<ClientConnection>, intervalMs: number, visit: (slice: ClientConnection[]) => void): NodeJS.Timeout {
  let turn = 0;
  return setInterval(() => {
    const slice = turn;
    turn = (turn + 1) % SWEEP_SLICES;
    visit([...connections].filter((conn) => conn.id % SWEEP_SLICES === slice));
  }, intervalMs / SWEEP_SLICES);
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}
