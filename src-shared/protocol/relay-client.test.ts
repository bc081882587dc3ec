import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AckTracker, encodeSyncStep1 } from './ack-tracker';
import { generationCloseReason } from './archive-api';
import { RelayCloseCode, relaySyncParams, relaySyncUrl } from './relay-api';
import {
  RelayClient, closeOutcome, connectionStateOf, initialRelayState, nextRelayState, probeDue, wantsSocket,
  type FrameKind, type RelayEvent, type RelayMachineState, type RelayPhase,
} from './relay-client';
import type { ConnectionStateMessage } from './ipc';

const run = (events: RelayEvent[], from = initialRelayState({ configured: true })) => events.reduce(nextRelayState, from);
const msg = (kind: FrameKind): RelayEvent => ({ type: 'message', kind });
const closed = (code: number | null, reason = ''): RelayEvent => ({ type: 'socket_closed', code, reason });
const OPENED: RelayEvent[] = [{ type: 'socket_opening' }, { type: 'socket_open' }, msg('sync_step1'), msg('sync_step2')];

describe('the connection state machine', () => {
  it('is online exactly from the sync step 2 that follows an open socket', () => {
    let state = initialRelayState({ configured: true });
    const shown: string[] = [connectionStateOf(state, 0).state];
    for (const event of OPENED) {
      state = nextRelayState(state, event);
      shown.push(connectionStateOf(state, 0).state);
    }
    expect(shown).toEqual(['connecting', 'connecting', 'syncing', 'syncing', 'online']);
    expect(connectionStateOf(state, 2)).toEqual({ state: 'syncing', unacknowledged: 2 });
    // A step 2 with no open socket (a late frame) proves nothing.
    expect(run([msg('sync_step2')]).phase).toBe('connecting');
    expect(run([{ type: 'socket_open' }, msg('sync_update'), msg('awareness')]).phase).toBe('open');
  });

  it('keeps a retry offline with its reason until a socket opens, and names a socket error', () => {
    const failed = run([{ type: 'socket_opening' }, { type: 'socket_error', message: 'connect ECONNREFUSED 127.0.0.1:9' }, closed(1006)]);
    expect(connectionStateOf(failed, 3)).toEqual({ state: 'offline', unacknowledged: 3, reason: 'relay unreachable: connect ECONNREFUSED 127.0.0.1:9' });
    expect(run([{ type: 'socket_opening' }], failed)).toEqual(failed);
    // A browser's error event carries no message.
    expect(run([{ type: 'socket_error', message: '' }, closed(1006)]).reason).toBe('relay unreachable');
    const dropped = run([...OPENED, closed(RelayCloseCode.internalError, 'relay could not persist an update')]);
    expect(dropped).toMatchObject({ phase: 'retrying', reason: 'connection closed (1011: relay could not persist an update)' });
    expect(wantsSocket(dropped)).toBe(true);
    expect(run([{ type: 'socket_open' }], dropped).phase).toBe('open');
    // Our own close of a socket that was open is the provider's silence watchdog.
    expect(run([...OPENED, closed(null)]).phase).toBe('retrying');
    expect(run([closed(null)]).phase).toBe('connecting');
  });

  it('maps every close code the relay sends', () => {
    expect(closeOutcome(RelayCloseCode.unauthorized, 'token revoked')).toEqual({ kind: 'signed_out', reason: 'token revoked' });
    expect(closeOutcome(RelayCloseCode.forbidden, '')).toEqual({ kind: 'signed_out', reason: 'no access to this workspace' });
    expect(closeOutcome(RelayCloseCode.badRequest, '')).toEqual({ kind: 'signed_out', reason: 'refused by the relay (4400)' });
    expect(closeOutcome(RelayCloseCode.refusedUpdate, 'refused (not_an_approver): x')).toEqual({ kind: 'refused', reason: 'refused (not_an_approver): x' });
    expect(closeOutcome(RelayCloseCode.generationMoved, generationCloseReason(3))).toEqual({ kind: 'generation_moved', generation: 3 });
    expect(closeOutcome(RelayCloseCode.generationMoved, 'generation:x')).toMatchObject({ kind: 'signed_out' });
    expect(closeOutcome(RelayCloseCode.generationMoved, 'generation:-1')).toMatchObject({ kind: 'signed_out' });
    for (const code of [1000, 1001, 1006, 1007, 1008, 1009, 1011, 1013, 4500]) expect(closeOutcome(code, '').kind).toBe('transient');
    expect(closeOutcome(null, '').kind).toBe('local');
  });

  it('stops on 4401/4403 and a refused upgrade, and a new token starts again', () => {
    const revoked = run([...OPENED, closed(RelayCloseCode.unauthorized, 'token revoked')]);
    expect(connectionStateOf(revoked, 1)).toEqual({ state: 'signed_out', unacknowledged: 1, reason: 'signed out: token revoked' });
    expect(wantsSocket(revoked)).toBe(false);
    // Nothing but a sign-in leaves it: no device_online, resume or late socket revives it.
    expect(run([{ type: 'device_offline' }, { type: 'device_online' }, { type: 'resumed' }, { type: 'socket_open' }, msg('sync_step2')], revoked).phase).toBe('signed_out');
    expect(run([{ type: 'signed_in' }], revoked)).toEqual({ phase: 'connecting', deviceOnline: true, relayAsked: false });
    expect(run([{ type: 'socket_error', message: 'Unexpected server response: 403' }]).reason).toBe('signed out: no access to this workspace');
    expect(run([{ type: 'token_revoked', reason: 'token refused' }]).phase).toBe('signed_out');
  });

  it('moves generation on 4410 with the generation it names, and never reconnects', () => {
    const moved = run([...OPENED, closed(RelayCloseCode.generationMoved, generationCloseReason(4))]);
    expect(moved).toMatchObject({ phase: 'generation_moved', generation: 4 });
    expect(wantsSocket(moved)).toBe(false);
    expect(connectionStateOf(moved, 0)).toMatchObject({ state: 'syncing', reason: expect.stringMatching(/generation 4/) });
    expect(run([{ type: 'device_online' }, { type: 'resumed' }, closed(1006)], moved)).toEqual(moved);
  });

  it('follows the device offline and back, and a pause on purpose', () => {
    const offline = run([...OPENED, { type: 'device_offline' }]);
    expect(connectionStateOf(offline, 0)).toEqual({ state: 'offline', unacknowledged: 0, reason: 'this device is offline' });
    expect(run([{ type: 'resumed' }], offline).phase).toBe('device_offline');
    expect(run([{ type: 'device_online' }], offline).phase).toBe('connecting');
    expect(initialRelayState({ configured: true, deviceOnline: false }).phase).toBe('device_offline');
    // Signed out while offline: coming online does not sign in again.
    expect(run([{ type: 'signed_out', reason: 'x' }, { type: 'device_online' }], offline).phase).toBe('signed_out');
    const paused = run([...OPENED, { type: 'paused' }]);
    expect(connectionStateOf(paused, 0)).toMatchObject({ state: 'offline', reason: 'sync paused on this device' });
    expect(run([{ type: 'device_offline' }, { type: 'resumed' }], paused).phase).toBe('device_offline');
    expect(run([{ type: 'resumed' }], paused).phase).toBe('connecting');
    expect(connectionStateOf(initialRelayState({ configured: false }), 0)).toEqual({ state: 'offline', unacknowledged: 0, reason: 'no relay configured' });
  });

  it('refused (4409): rebuilding, then signed out if the rebuild fails', () => {
    const refused = run([...OPENED, closed(RelayCloseCode.refusedUpdate, 'refused (not_an_approver): dana')]);
    expect(connectionStateOf(refused, 1)).toMatchObject({ state: 'syncing', reason: expect.stringMatching(/refused a change \(refused \(not_an_approver\): dana\); rebuilding/) });
    expect(wantsSocket(refused)).toBe(false);
    expect(run([{ type: 'rebuild_failed', reason: 'relay unreachable' }], refused)).toMatchObject({
      phase: 'signed_out', reason: 'signed out: the relay refused a change and could not be reached to rebuild: relay unreachable',
    });
  });
});

const EVENT: fc.Arbitrary<RelayEvent> = fc.oneof(
  fc.constantFrom<RelayEvent>(
    { type: 'signed_in' }, { type: 'paused' }, { type: 'resumed' }, { type: 'device_offline' }, { type: 'device_online' },
    { type: 'socket_opening' }, { type: 'socket_open' }, { type: 'rebuild_failed', reason: 'x' }, { type: 'signed_out', reason: 'x' },
    { type: 'token_revoked', reason: 'x' }, { type: 'socket_error', message: 'boom' }, { type: 'socket_error', message: 'Unexpected server response: 401' },
  ),
  fc.constantFrom<FrameKind>('sync_step1', 'sync_step2', 'sync_update', 'awareness', 'other').map(msg),
  fc.tuple(
    fc.constantFrom(null, 1000, 1006, 1011, 4400, 4401, 4403, 4409, 4410, 4499, 4500),
    fc.oneof(fc.constant(''), fc.constant('token revoked'), fc.nat(20).map(generationCloseReason), fc.string()),
  ).map(([code, reason]) => closed(code, reason)),
);

describe('the state machine on any sequence of observations', () => {
  it('keeps its invariants', () => {
    fc.assert(fc.property(fc.boolean(), fc.array(EVENT, { maxLength: 60 }), fc.nat(3), (configured, events, unacked) => {
      let state: RelayMachineState = initialRelayState({ configured });
      for (const event of events) {
        const next = nextRelayState(state, event);
        // "online" has one definition: the step 2 answering us on an open socket, nothing unacknowledged.
        if (next.phase === 'synced' && state.phase !== 'synced') expect([state.phase, event]).toEqual(['open', msg('sync_step2')]);
        expect(connectionStateOf(next, unacked).state === 'online').toBe(next.phase === 'synced' && unacked === 0);
        // Terminal phases are left only by a new sign-in (or, refused, by its failed rebuild / a sign-out).
        const terminal: RelayPhase[] = ['signed_out', 'generation_moved', 'local'];
        if (terminal.includes(state.phase) && next.phase !== state.phase) expect(['signed_in', 'signed_out', 'token_revoked']).toContain(event.type);
        if (state.phase === 'refused' && next.phase !== 'refused') expect(['signed_in', 'signed_out', 'rebuild_failed', 'token_revoked']).toContain(event.type);
        if (next.phase === 'generation_moved') expect(Number.isSafeInteger(next.generation)).toBe(true);
        // The device being offline always wins over a socket.
        if (!next.deviceOnline) expect(wantsSocket(next)).toBe(false);
        if (next.phase === 'open' || next.phase === 'synced') expect(state.phase === 'open' || state.phase === 'synced' || event.type === 'socket_open').toBe(true);
        state = next;
      }
    }), { numRuns: 2_000 });
  });
});

/**
 * The engine against a model relay that handles one socket's frames in order: it stores updates,
 * answers every step 1 with a step 2, and sends its own step 1 when a socket joins. Frames in
 * flight are lost when a socket closes. Whatever the interleaving, the client never counts a
 * change acknowledged that the relay has not stored, and once the network settles it is online
 * with nothing unacknowledged.
 */
type Up = { kind: 'update'; edits: number[] } | { kind: 'step1'; through: number | null };
type Action =
  | { kind: 'edit' } | { kind: 'open' } | { kind: 'close'; code: number } | { kind: 'toRelay' } | { kind: 'toClient' }
  | { kind: 'timers' } | { kind: 'offline' } | { kind: 'online' } | { kind: 'drainRelay' };

class Simulation {
  readonly tracker = new AckTracker({ made: 0, acknowledged: 0 });
  readonly doc = new Y.Doc();
  /** Edits the relay has stored (numbered 1..made). */
  readonly stored = new Set<number>();
  socket = false;
  wanted = false;
  up: Up[] = [];
  down: ('step1' | 'step2')[] = [];
  timers: (() => void)[] = [];
  readonly shown: ConnectionStateMessage[] = [];
  readonly client = new RelayClient({
    tracker: this.tracker, encodeProbe: () => encodeSyncStep1(this.doc), onState: (state) => this.shown.push(state),
  }, {
    send: () => {
      if (!this.socket) return false;
      this.up.push({ kind: 'step1', through: this.tracker.snapshot().made });
      return true;
    },
    setSocketWanted: (wanted) => {
      this.wanted = wanted;
      if (!wanted && this.socket) this.close(null);
    },
    schedule: (fn) => {
      this.timers.push(fn);
      return () => (this.timers = this.timers.filter((t) => t !== fn));
    },
  });

  constructor() {
    this.client.start();
  }

  /** Every edit counted as acknowledged is stored on the relay. */
  honest(): boolean {
    const { acknowledged } = this.tracker.snapshot();
    for (let edit = 1; edit <= acknowledged; edit += 1) if (!this.stored.has(edit)) return false;
    return true;
  }

  close(code: number | null) {
    this.socket = false;
    this.up = [];
    this.down = [];
    this.client.observe(closed(code));
  }

  act(action: Action) {
    switch (action.kind) {
      case 'edit':
        this.tracker.localUpdate();
        // The provider puts an update on an open socket at once; offline ones go in the step 2 reply.
        if (this.socket) this.up.push({ kind: 'update', edits: [this.tracker.snapshot().made] });
        this.client.localUpdate();
        break;
      case 'open':
        if (!this.wanted || this.socket) return;
        this.socket = true;
        this.client.observe({ type: 'socket_opening' });
        this.client.observe({ type: 'socket_open' });
        this.up.push({ kind: 'step1', through: null }); // the provider's own step 1
        this.down.push('step1'); // the relay's step 1 as the socket joins
        break;
      case 'close':
        if (this.socket) this.close(action.code);
        break;
      case 'toRelay': {
        const frame = this.up.shift();
        if (!frame) return;
        if (frame.kind === 'update') for (const edit of frame.edits) this.stored.add(edit);
        else this.down.push('step2');
        break;
      }
      case 'toClient': {
        const frame = this.down.shift();
        if (!frame) return;
        // Answering the relay's step 1, the provider's step 2 carries everything made so far.
        if (frame === 'step1') this.up.push({ kind: 'update', edits: Array.from({ length: this.tracker.snapshot().made }, (_, i) => i + 1) });
        this.client.observe(msg(frame === 'step1' ? 'sync_step1' : 'sync_step2'));
        break;
      }
      case 'drainRelay':
        while (this.up.length > 0) this.act({ kind: 'toRelay' });
        break;
      case 'timers':
        for (const fn of this.timers.splice(0)) fn();
        break;
      case 'offline':
        this.client.observe({ type: 'device_offline' });
        break;
      case 'online':
        this.client.observe({ type: 'device_online' });
        break;
    }
  }

  settle() {
    this.act({ kind: 'online' });
    for (let i = 0; i < 1_000 && (this.up.length || this.down.length || this.timers.length || (this.wanted && !this.socket)); i += 1) {
      this.act({ kind: 'open' });
      this.act({ kind: 'toRelay' });
      this.act({ kind: 'toClient' });
      this.act({ kind: 'timers' });
    }
  }
}

const ACTION: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Action>({ kind: 'edit' }) },
  { weight: 2, arbitrary: fc.constant<Action>({ kind: 'open' }) },
  { weight: 1, arbitrary: fc.constantFrom(1006, 1011, 1013).map<Action>((code) => ({ kind: 'close', code })) },
  { weight: 3, arbitrary: fc.constant<Action>({ kind: 'toRelay' }) },
  { weight: 2, arbitrary: fc.constant<Action>({ kind: 'drainRelay' }) },
  { weight: 4, arbitrary: fc.constant<Action>({ kind: 'toClient' }) },
  { weight: 3, arbitrary: fc.constant<Action>({ kind: 'timers' }) },
  { weight: 1, arbitrary: fc.constantFrom<Action>({ kind: 'offline' }, { kind: 'online' }) },
);

describe('acknowledgement probes against a model relay', () => {
  it('never acknowledges what the relay has not stored, and settles online with nothing unsent', () => {
    fc.assert(fc.property(fc.array(ACTION, { maxLength: 40 }), (actions) => {
      const sim = new Simulation();
      for (const action of actions) {
        sim.act(action);
        expect(sim.honest()).toBe(true);
        expect(sim.tracker.trackedProbesInFlight).toBeLessThanOrEqual(1);
      }
      sim.settle();
      expect(sim.honest()).toBe(true);
      expect(sim.client.connection).toEqual({ state: 'online', unacknowledged: 0 });
      expect(sim.shown.at(-1)).toEqual(sim.client.connection);
    }), {
      numRuns: 1_500,
      // An edit on an open socket before the relay asked: a probe then would answer for the offline edit too.
      examples: [[(['edit', 'open', 'edit', 'timers', 'drainRelay', 'toClient', 'toClient', 'toClient'] as const).map((kind) => ({ kind }) as Action)]],
    });
  });

  it('sends no probe before the relay asked (the offline edits are not on the wire yet), then one for a burst', () => {
    const sim = new Simulation();
    for (let i = 0; i < 3; i += 1) sim.act({ kind: 'edit' });
    sim.act({ kind: 'open' });
    sim.act({ kind: 'edit' }); // on the wire at once, but the three offline ones are not
    sim.act({ kind: 'timers' });
    expect(sim.up).toEqual([{ kind: 'step1', through: null }, { kind: 'update', edits: [4] }]); // no probe yet
    sim.act({ kind: 'toClient' }); // the relay's step 1: our step 2 reply, then a probe
    sim.act({ kind: 'timers' });
    expect(sim.up.slice(2)).toEqual([{ kind: 'update', edits: [1, 2, 3, 4] }, { kind: 'step1', through: 4 }]);
    for (let i = 0; i < 5; i += 1) sim.act({ kind: 'edit' });
    sim.act({ kind: 'timers' });
    expect(sim.up.filter((f) => f.kind === 'step1')).toHaveLength(2); // one probe of ours in flight at a time
    sim.settle();
    expect(sim.tracker.snapshot()).toEqual({ made: 9, acknowledged: 9 });
    expect(probeDue(sim.client.state, { needsProbe: true, trackedInFlight: 0 })).toBe(true);
  });

  it('calls the hooks: rebuild on 4409, move on 4410, and stops the socket for both', () => {
    for (const [code, reason] of [[RelayCloseCode.refusedUpdate, 'refused (x): y'], [RelayCloseCode.generationMoved, generationCloseReason(2)]] as const) {
      const calls: string[] = [];
      let wanted = true;
      const client = new RelayClient({
        tracker: new AckTracker({ made: 0, acknowledged: 0 }), encodeProbe: () => new Uint8Array([0, 0, 0]),
        onRefused: (r) => calls.push(`refused ${r}`), onGenerationMoved: (g) => calls.push(`moved ${g}`),
      }, { send: () => true, setSocketWanted: (w) => (wanted = w), schedule: () => () => undefined });
      client.start();
      for (const event of [...OPENED, closed(code, reason)]) client.observe(event);
      expect(calls).toEqual([code === RelayCloseCode.refusedUpdate ? 'refused refused (x): y' : 'moved 2']);
      expect(wanted).toBe(false);
    }
    // Without a hook the client does not wait forever for someone to act: it signs out, saying why.
    const bare = new RelayClient({ tracker: new AckTracker({ made: 0, acknowledged: 0 }), encodeProbe: () => new Uint8Array() },
      { send: () => true, setSocketWanted: () => undefined, schedule: () => () => undefined });
    for (const event of [...OPENED, closed(RelayCloseCode.generationMoved, generationCloseReason(9))]) bare.observe(event);
    expect(bare.connection).toMatchObject({ state: 'signed_out', reason: expect.stringMatching(/generation 9/) });
  });
});

describe('the sync URL', () => {
  it('names the token and the generation (0 by default), as WebsocketProvider encodes params', () => {
    expect(relaySyncUrl('http://127.0.0.1:8787', 'ops', 'a b&c')).toBe('ws://127.0.0.1:8787/sync/ops?token=a%20b%26c&gen=0');
    expect(relaySyncUrl('wss://relay.example.com/sync/', 'ops', 't', 12)).toBe('wss://relay.example.com/sync/ops?token=t&gen=12');
    expect(relaySyncParams('t', 3)).toEqual({ token: 't', gen: '3' });
    expect(() => relaySyncParams('t', -1)).toThrow(RangeError);
    expect(() => relaySyncParams('t', 1.5)).toThrow(RangeError);
  });
});
