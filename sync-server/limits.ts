// Limits the relay enforces, with defaults an operator can override (CLI flags / createRelay).
import { withDefaults } from '../src-shared/util/with-defaults';

export interface RelayLimits {
  /** Largest WebSocket message accepted; `ws` closes bigger ones with 1009. (ws defaults to 100 MiB.) */
  maxMessageBytes: number;
  /** Sustained messages per second per connection, and the burst above it. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Connection attempts per second per client IP, and the burst (a shift starting behind one NAT). */
  connectionsPerIpPerSecond: number;
  connectionBurstPerIp: number;
  /** Ping every interval; a connection that did not answer the previous ping is terminated. */
  pingIntervalMs: number;
  /** A connection whose unsent output exceeds this is closed (a stuck reader must not hold RAM). */
  maxBufferedBytes: number;
  /** Unload a room this long after its last connection left. */
  roomIdleUnloadMs: number;
  /** Compact a loaded room once this many update rows have accumulated since its snapshot. */
  compactAfterUpdates: number;
  /** How often live connections' tokens are re-checked for revocation. */
  authRecheckMs: number;
}

export const DEFAULT_LIMITS: RelayLimits = {
  maxMessageBytes: 8 * 1024 * 1024,
  messagesPerSecond: 200,
  messageBurst: 1000,
  connectionsPerIpPerSecond: 20,
  connectionBurstPerIp: 200,
  pingIntervalMs: 30_000,
  maxBufferedBytes: 64 * 1024 * 1024,
  roomIdleUnloadMs: 10_000,
  compactAfterUpdates: 500,
  authRecheckMs: 10_000,
};

export function resolveLimits(overrides: Partial<RelayLimits> = {}): RelayLimits {
  const limits = withDefaults(DEFAULT_LIMITS, overrides);
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value < 0) throw new Error(`limit ${key} must be a non-negative number`);
  }
  return limits;
}

/** Classic token bucket: `capacity` tokens, refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.last = now();
  }
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
  /** True when the bucket is full again (its entry can be forgotten). */
  isFull(): boolean {
    const t = this.now();
    return this.tokens + ((t - this.last) / 1000) * this.perSecond >= this.capacity;
  }
}

/** Per-key token buckets (client IPs), swept so idle keys do not accumulate. */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}
  take(key: string): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size > 10_000) this.sweep();
      bucket = new TokenBucket(this.perSecond, this.capacity, this.now);
      this.buckets.set(key, bucket);
    }
    return bucket.take();
  }
  sweep(): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFull()) this.buckets.delete(key);
  }
  get size(): number {
    return this.buckets.size;
  }
}
