// Prometheus text-format metrics, hand-rolled (a few counters, gauges and one histogram do not
// justify a dependency). Counters only go up; gauges are read from live state at scrape time.

export class Counter {
  value = 0;
  inc(by = 1): void {
    this.value += by;
  }
}

export class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly buckets: readonly number[]) {
    this.counts = buckets.map(() => 0);
  }
  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    this.buckets.forEach((bound, i) => {
      if (value <= bound) this.counts[i] = (this.counts[i] ?? 0) + 1;
    });
  }
}

/** Events per second over a sliding window of whole seconds. */
export class RateWindow {
  private readonly slots: number[];
  private slotSecond = 0;
  constructor(private readonly seconds = 10, private readonly now: () => number = Date.now) {
    this.slots = new Array<number>(seconds).fill(0);
  }
  mark(by = 1): void {
    this.advance();
    const index = this.slotSecond % this.seconds;
    this.slots[index] = (this.slots[index] ?? 0) + by;
  }
  perSecond(): number {
    this.advance();
    return this.slots.reduce((a, b) => a + b, 0) / this.seconds;
  }
  private advance(): void {
    const second = Math.floor(this.now() / 1000);
    if (second === this.slotSecond) return;
    const steps = Math.min(this.seconds, second - this.slotSecond);
    for (let i = 1; i <= steps; i++) this.slots[(this.slotSecond + i) % this.seconds] = 0;
    this.slotSecond = second;
  }
}

export interface LiveGauges {
  connections(): number;
  roomsLoaded(): number;
  appendQueueDepth(): number;
}

export class RelayMetrics {
  readonly connectionsOpened = new Counter();
  readonly connectionsRefused = new Map<string, Counter>();
  /** Client updates refused by the write check (update-check.ts), by rule. */
  readonly updatesRefused = new Map<string, Counter>();
  readonly presenceDropped = new Counter();
  readonly messagesReceived = new Counter();
  readonly bytesReceived = new Counter();
  readonly bytesSent = new Counter();
  readonly updatesReceived = new Counter();
  readonly updatesRate = new RateWindow();
  readonly updatesDroppedViewer = new Counter();
  readonly malformedMessages = new Counter();
  readonly rateLimited = new Counter();
  readonly updatesPersisted = new Counter();
  readonly bytesPersisted = new Counter();
  readonly persistedBatches = new Counter();
  readonly persistenceFailures = new Counter();
  readonly persistenceSeconds = new Histogram([0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]);
  readonly compactions = new Counter();
  readonly roomLoads = new Counter();
  readonly roomUnloads = new Counter();
  readonly roomLoadErrors = new Counter();
  private gauges: LiveGauges | null = null;

  bindGauges(gauges: LiveGauges): void {
    this.gauges = gauges;
  }

  refused(reason: string): void {
    const counter = this.connectionsRefused.get(reason) ?? new Counter();
    counter.inc();
    this.connectionsRefused.set(reason, counter);
  }

  updateRefused(rule: string): void {
    const counter = this.updatesRefused.get(rule) ?? new Counter();
    counter.inc();
    this.updatesRefused.set(rule, counter);
  }

  render(): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    const g = this.gauges;
    metric('relay_connections', 'gauge', 'Open WebSocket connections.', [['', g?.connections() ?? 0]]);
    metric('relay_rooms_loaded', 'gauge', 'Room documents loaded in memory.', [['', g?.roomsLoaded() ?? 0]]);
    metric('relay_append_queue_depth', 'gauge', 'Updates waiting for the next group commit.', [['', g?.appendQueueDepth() ?? 0]]);
    metric('relay_updates_per_second', 'gauge', 'Document updates received per second (10 s window).', [['', this.updatesRate.perSecond()]]);
    const counters: [string, string, Counter][] = [
      ['relay_connections_opened_total', 'Connections accepted after authentication.', this.connectionsOpened],
      ['relay_messages_received_total', 'WebSocket messages received.', this.messagesReceived],
      ['relay_received_bytes_total', 'Bytes received in WebSocket messages.', this.bytesReceived],
      ['relay_sent_bytes_total', 'Bytes sent in WebSocket messages.', this.bytesSent],
      ['relay_updates_received_total', 'Document updates received from writers.', this.updatesReceived],
      ['relay_updates_dropped_viewer_total', 'Document updates dropped because the sender is a viewer.', this.updatesDroppedViewer],
      ['relay_malformed_messages_total', 'Connections closed for a malformed message.', this.malformedMessages],
      ['relay_rate_limited_total', 'Connections or attempts refused by a rate limit.', this.rateLimited],
      ['relay_updates_persisted_total', 'Updates appended durably.', this.updatesPersisted],
      ['relay_persisted_bytes_total', 'Bytes appended durably.', this.bytesPersisted],
      ['relay_persist_batches_total', 'Group commits.', this.persistedBatches],
      ['relay_persist_failures_total', 'Group commits that failed.', this.persistenceFailures],
      ['relay_compactions_total', 'Room compactions.', this.compactions],
      ['relay_room_loads_total', 'Rooms loaded from the database.', this.roomLoads],
      ['relay_room_unloads_total', 'Rooms unloaded from memory.', this.roomUnloads],
      ['relay_room_load_errors_total', 'Stored updates that failed to apply while loading a room.', this.roomLoadErrors],
      ['relay_presence_dropped_total', 'Awareness updates dropped for naming another user or client.', this.presenceDropped],
    ];
    for (const [name, help, counter] of counters) metric(name, 'counter', help, [['', counter.value]]);
    metric(
      'relay_connections_refused_total',
      'counter',
      'Connections refused, by reason.',
      [...this.connectionsRefused].map(([reason, c]) => [`{reason="${reason}"}`, c.value]),
    );
    metric(
      'relay_updates_refused_total',
      'counter',
      'Client updates refused by the write check, by rule.',
      [...this.updatesRefused].map(([rule, c]) => [`{rule="${rule}"}`, c.value]),
    );
    const h = this.persistenceSeconds;
    lines.push('# HELP relay_persist_seconds Time to commit one group of updates.', '# TYPE relay_persist_seconds histogram');
    h.buckets.forEach((bound, i) => lines.push(`relay_persist_seconds_bucket{le="${bound}"} ${h.counts[i]}`));
    lines.push(`relay_persist_seconds_bucket{le="+Inf"} ${h.count}`, `relay_persist_seconds_sum ${h.sum}`, `relay_persist_seconds_count ${h.count}`);
    return lines.join('\n') + '\n';
  }
}
