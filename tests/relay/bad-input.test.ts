// Hostile input from an authenticated client: the relay closes that connection with a reason,
// stays up, keeps the room syncing for everyone else, and the room loads again after a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { RelayCloseCode } from '../../src-shared/protocol/relay-api';
import { createToken } from '../../sync-server/store';
import { connectClient, rawConnect, sameContent, startRelayProcess, tempDir, waitFor, waitSynced, type RelayProcess, type TestClient } from './helpers';
import { hasTitle, taskOf, writeTask } from './task-writes';

const MAX_MESSAGE = 1024 * 1024;

/** The inputs published in yjs issue #687 (mergeUpdates loops, applyUpdateV2 eats memory). */
const YJS_687_PAYLOADS: Record<string, number[]> = {
  mergeUpdatesV2TooManyStructs: [0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 2, 0, 0, 22, 2, 0, 0, 1, 253, 255, 255, 255, 255, 127, 0, 0],
  mergeUpdatesTooManyUpdatesV1: [228, 156, 16, 0, 5, 255, 255, 5, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 237, 0, 0, 0, 1, 1, 0, 254, 184, 194, 233, 173, 135, 217, 18, 0, 0, 1, 1, 255, 237, 246],
  mergeUpdatesTooManyUpdatesV2: [228, 149, 0, 0, 1, 24, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 237, 1, 190, 130, 227, 195, 28, 1, 2, 228, 149, 0, 0, 1, 24, 0, 0, 1, 24, 0, 0, 1, 0, 1, 237, 0],
  tooLargeGcItem: [143, 1, 128, 0, 0, 0, 1, 170, 1, 0, 1, 2, 0, 0, 22, 2, 0, 229, 196, 67, 20, 231, 166, 139, 147, 174, 181, 253, 93, 232, 38, 154, 138, 89, 0, 49, 213, 15, 18, 1, 48, 0, 0, 0],
  applyUpdateV2OverLimit: [0, 1, 35, 0, 0, 0, 1, 2, 129, 0, 0, 16, 0, 199, 220, 0, 196, 122, 128, 0, 65, 171, 234, 214, 0, 1, 0, 0, 1, 0, 0, 132, 0, 0, 16, 255, 199, 220, 255, 0, 0, 0],
};

function syncMessage(sub: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

function seededBytes(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('relay under bad input', () => {
  const tmp = tempDir();
  const dbPath = `${tmp.dir}/relay.sqlite`;
  let relay: RelayProcess;
  let token: string;
  const clients: TestClient[] = [];
  const track = (c: TestClient) => (clients.push(c), c);
  let a: TestClient;
  let b: TestClient;
  let round = 0;
  /** The good clients' user (the token's): every legitimate write is a task created as them. */
  const USER = 'ops';
  let beforeId: string;

  beforeAll(async () => {
    token = createToken(dbPath, { workspace: 'shared', user: USER, role: 'operator' }).token;
    relay = await startRelayProcess(dbPath, ['--max-message-bytes', String(MAX_MESSAGE), '--messages-per-second', '100', '--connections-per-ip-per-second', '10']);
    a = track(connectClient(relay.port, 'shared', token));
    b = track(connectClient(relay.port, 'shared', token));
    await Promise.all([waitSynced(a), waitSynced(b)]);
    beforeId = writeTask(a.doc, USER, 'before the attack');
    await waitFor(() => hasTitle(b.doc, 'before the attack'), 5000, 'first task reaches b');
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await relay?.stop('SIGKILL');
    tmp.cleanup();
  });

  /** Sends `payload` from an authenticated raw client; returns how the relay closed it (or null). */
  async function attack(payload: Uint8Array | string): Promise<{ code: number; reason: string } | null> {
    const attacker = rawConnect(`ws://127.0.0.1:${relay.port}/sync/shared?token=${token}`);
    await attacker.opened;
    await waitFor(() => attacker.messages.length > 0, 5000, 'relay sync step 1');
    attacker.ws.send(payload);
    const result = await Promise.race([attacker.closed, new Promise<null>((r) => setTimeout(() => r(null), 500))]);
    if (result === null) attacker.ws.terminate();
    return result;
  }

  async function othersStillSync(): Promise<void> {
    round += 1;
    writeTask(a.doc, USER, `round-${round}`);
    await waitFor(() => hasTitle(b.doc, `round-${round}`), 5000, `round ${round} reaches b`);
    expect(a.closes.filter((c) => c.code === RelayCloseCode.refusedUpdate)).toEqual([]);
    expect(relay.child.exitCode).toBeNull();
  }

  const malformed: [string, () => Uint8Array | string][] = [
    ['random bytes', () => seededBytes(7, 64)],
    ['an unknown message type', () => new Uint8Array([7, 0, 1, 2])],
    ['an auth message (not spoken here)', () => new Uint8Array([2, 0])],
    ['a truncated sync update', () => {
      const doc = new Y.Doc();
      doc.getMap('tasks').set('x', 'a fairly long value so that the cut lands inside the payload');
      const full = syncMessage(2, Y.encodeStateAsUpdate(doc));
      return full.slice(0, Math.floor(full.length / 2));
    }],
    ['a varint bomb', () => new Uint8Array([0, 2, ...new Array<number>(20).fill(0xff), 1])],
    ['a length past the end', () => new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3])],
    ['trailing bytes', () => new Uint8Array([...syncMessage(0, Y.encodeStateVector(new Y.Doc())), 9, 9])],
    ['a struct-count bomb (50M structs in 7 bytes)', () => syncMessage(2, new Uint8Array([1, 0x80, 0xe1, 0xeb, 0x17, 1, 0]))],
    ['an update yjs refuses', () => syncMessage(2, new Uint8Array([1, 1, 5, 0, 0xff]))],
    ['a bad state vector', () => syncMessage(0, new Uint8Array([5, 1]))],
    ['garbage awareness', () => new Uint8Array([1, 6, 1, 9, 1, 2, 0x7b, 0x7b])],
    ['a text frame', () => 'hello'],
    ['an empty frame', () => new Uint8Array([])],
  ];

  for (const [name, payload] of malformed) {
    it(`closes a connection that sends ${name} with 1007 and a reason`, async () => {
      const closed = await attack(payload());
      expect(closed?.code).toBe(RelayCloseCode.malformedMessage);
      expect(closed?.reason).toMatch(/malformed message/);
      await othersStillSync();
    });
  }

  for (const [name, bytes] of Object.entries(YJS_687_PAYLOADS)) {
    for (const sub of [1, 2]) {
      it(`survives yjs#687 payload ${name} wrapped as sync ${sub === 1 ? 'step 2' : 'update'}`, async () => {
        const started = Date.now();
        const closed = await attack(syncMessage(sub, new Uint8Array(bytes)));
        // Either refused as malformed, or (as V1) decoded to nothing harmful; never a hang.
        if (closed) expect(closed.code).toBe(RelayCloseCode.malformedMessage);
        expect(Date.now() - started).toBeLessThan(2000);
        await othersStillSync();
      });
    }
  }

  it('closes a message over the size limit with 1009', async () => {
    const closed = await attack(syncMessage(2, new Uint8Array(MAX_MESSAGE + 10)));
    expect(closed?.code).toBe(RelayCloseCode.messageTooBig);
    await othersStillSync();
  });

  it('closes a connection that floods messages with 1008', async () => {
    const attacker = rawConnect(`ws://127.0.0.1:${relay.port}/sync/shared?token=${token}`);
    await attacker.opened;
    const query = new Uint8Array([3]);
    for (let i = 0; i < 2000 && attacker.ws.readyState === attacker.ws.OPEN; i++) attacker.ws.send(query);
    const closed = await attacker.closed;
    expect(closed.code).toBe(RelayCloseCode.policyViolation);
    await othersStillSync();
  });

  it('refuses connection attempts over the per-IP rate with HTTP 429', async () => {
    const attempts = Array.from({ length: 150 }, () => rawConnect(`ws://127.0.0.1:${relay.port}/sync/shared?token=${token}`));
    const outcomes = await Promise.all(attempts.map((c) => c.opened.then(() => 'open', (e: Error) => e.message)));
    for (const c of attempts) c.ws.terminate();
    expect(outcomes.filter((o) => o === 'open').length).toBeLessThan(150);
    expect(outcomes.some((o) => o.includes('429'))).toBe(true);
  });

  it('the room loads again after a restart with everything the good clients wrote', async () => {
    await new Promise((r) => setTimeout(r, 1500)); // let the per-IP bucket refill a little
    await othersStillSync();
    expect(await relay.stop('SIGTERM')).toBe(0);
    relay = await startRelayProcess(dbPath);
    const fresh = track(connectClient(relay.port, 'shared', token, new Y.Doc()));
    await waitSynced(fresh);
    expect(taskOf(fresh.doc, beforeId)?.title).toBe('before the attack');
    expect(hasTitle(fresh.doc, `round-${round}`)).toBe(true);
    await waitFor(() => sameContent(fresh.doc, a.doc), 5000, 'fresh replica equals a');
    expect(relay.logs.some((l) => l.event === 'room_load_row_failed')).toBe(false);
  });
});
