// The one rebuild loop both hosts run when their replica cannot simply go on syncing: after a
// refused update (close 4409: refusal-recovery.ts) and after a generation move (close 4410:
// generation-move.ts). Each host supplies a connection to the relay (its y-websocket provider
// with its WebSocket; src-shared opens no sockets) and the loop:
//   1. syncs a fresh document from the relay;
//   2. runs the port (re-append what the relay lacks, archive what left the live document);
//   3. confirms with a sync step 1/step 2 round trip that the relay has processed every update
//      the port sent (the relay handles a socket's messages in order and answers each step 1
//      with a step 2: ack-tracker.ts), instead of waiting a fixed time.
// A close on the way (the relay refusing a re-append, a revoked token, another generation move)
// fails the rebuild with the relay's code and reason; the caller keeps its old replica.
import type * as Y from 'yjs';
import { encodeSyncStep1 } from '../protocol/ack-tracker';
import { frameKind } from '../protocol/relay-client';
import { createRepository, type TaskRepository } from './repository';

/** The socket of a y-websocket provider, as far as the loop needs it (browser and `ws` both fit). */
export interface RebuildSocket {
  readonly readyState: number;
  send(data: Uint8Array): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** A host's connection of the fresh document to the relay (an adapter over WebsocketProvider). */
export interface RebuildConnection {
  readonly synced: boolean;
  readonly socket: RebuildSocket | null;
  /** Called once when the relay closes the connection for good (a 44xx close). */
  onClosed(listener: (code: number, reason: string) => void): void;
  destroy(): void;
}

export interface RebuildRun<T> {
  /** The fresh document; the caller owns it (and may persist it) and destroys it. */
  doc: Y.Doc;
  userId: string;
  connect(doc: Y.Doc): RebuildConnection;
  port(repository: TaskRepository): T | Promise<T>;
  /** A repository over `doc` the caller already has (and destroys): its fold is reused, not redone. */
  repository?: TaskRepository;
  /** The host's timer (src-shared has none of its own). */
  sleep(ms: number): Promise<void>;
  timeoutMs?: number;
  /** Told when each step is done (benchmarks split the time by it). */
  onStep?: (step: 'synced' | 'ported' | 'confirmed') => void;
}

export type RebuildOutcome<T> = { ok: true; result: T } | { ok: false; reason: string; code: number | null };

const OPEN = 1;

export async function rebuildWithRelay<T>(run: RebuildRun<T>): Promise<RebuildOutcome<T>> {
  const connection = run.connect(run.doc);
  let closed: { code: number; reason: string } | null = null;
  connection.onClosed((code, reason) => { closed = { code, reason: reason || `closed with ${code}` }; });
  const deadline = Date.now() + (run.timeoutMs ?? 20_000);
  const failed = (fallback: string): RebuildOutcome<T> => {
    const c = closed as { code: number; reason: string } | null;
    return { ok: false, reason: c?.reason ?? fallback, code: c?.code ?? null };
  };
  const until = async (done: () => boolean) => {
    while (!done() && closed === null && Date.now() < deadline) await run.sleep(20);
  };
  try {
    await until(() => connection.synced);
    if (!connection.synced || closed !== null) return failed('the relay did not answer');
    run.onStep?.('synced');
    const repository = run.repository ?? createRepository(run.doc, { actor: run.userId });
    let result: T;
    try {
      result = await run.port(repository);
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error), code: null };
    } finally {
      if (repository !== run.repository) repository.destroy();
    }
    run.onStep?.('ported');
    const confirmed = await roundTrip(connection, run, () => closed !== null, deadline);
    if (closed !== null) return failed('the relay closed the connection');
    if (!confirmed) return failed('the relay did not confirm the ported changes');
    run.onStep?.('confirmed');
    return { ok: true, result };
  } finally {
    connection.destroy();
  }
}

/** Send a step 1 after everything the port sent; resolve true when its step 2 comes back. */
async function roundTrip(connection: RebuildConnection, run: RebuildRun<unknown>, isClosed: () => boolean, deadline: number): Promise<boolean> {
  const socket = connection.socket;
  if (!socket || socket.readyState !== OPEN) return false;
  let answered = false;
  const listener = (event: { data: unknown }) => {
    const data = event.data;
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data instanceof Uint8Array ? data : null;
    if (bytes && frameKind(bytes) === 'sync_step2') answered = true;
  };
  socket.addEventListener('message', listener);
  try {
    socket.send(encodeSyncStep1(run.doc));
    while (!answered && !isClosed() && Date.now() < deadline) await run.sleep(10);
    return answered;
  } finally {
    socket.removeEventListener('message', listener);
  }
}
