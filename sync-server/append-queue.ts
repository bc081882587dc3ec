// Durable append with group commit. Every update a room document produced is queued here; the
// queue is written in ONE transaction at the end of the current event-loop turn (setImmediate),
// and only then are the per-update callbacks run (which broadcast). So nothing leaves the relay
// before it is on disk, and N updates that arrived together cost one fsync instead of N.
// `flush()` is synchronous and is also called before the relay encodes room state for a client
// (sync step 2, compaction), keeping "durable before visible" true on every path.
// With `batching: false` each update is committed on its own before `enqueue` returns.
import type { AppendEntry, RoomPersistence } from './persistence';
import type { RelayMetrics } from './metrics';

interface Pending extends AppendEntry {
  onDurable: (id: number) => void;
  onFailed: (error: unknown) => void;
}

export class AppendQueue {
  private queue: Pending[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  constructor(
    private readonly persistence: RoomPersistence,
    private readonly options: { batching: boolean; metrics: RelayMetrics; afterCommit?: (batch: readonly AppendEntry[]) => void },
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  enqueue(entry: Pending): void {
    this.queue.push(entry);
    if (!this.options.batching) this.flush();
    else if (this.scheduled === null) this.scheduled = setImmediate(() => this.flush());
  }

  /** Resolves when everything queued so far is committed (at once when nothing is queued). */
  whenDurable(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  flush(): void {
    if (this.scheduled !== null) {
      clearImmediate(this.scheduled);
      this.scheduled = null;
    }
    if (this.queue.length === 0) return;
    const batch = this.queue;
    const waiters = this.waiters;
    this.queue = [];
    this.waiters = [];
    const started = performance.now();
    let ids: number[];
    try {
      ids = this.persistence.appendMany(batch);
    } catch (error) {
      this.options.metrics.persistenceFailures.inc();
      for (const entry of batch) entry.onFailed(error);
      for (const waiter of waiters) waiter.reject(error);
      return;
    }
    const metrics = this.options.metrics;
    metrics.persistenceSeconds.observe((performance.now() - started) / 1000);
    metrics.persistedBatches.inc();
    batch.forEach((entry, i) => {
      metrics.updatesPersisted.inc();
      metrics.bytesPersisted.inc(entry.data.byteLength);
      entry.onDurable(ids[i] as number);
    });
    this.options.afterCommit?.(batch);
    for (const waiter of waiters) waiter.resolve();
  }
}
