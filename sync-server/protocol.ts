// The y-websocket wire protocol (y-protocols sync + awareness), decoded strictly. Every incoming
// frame is exactly one message: varUint type, then for sync a varUint sub-type and one
// varUint8Array payload, for awareness one varUint8Array. Anything else — unknown type, length
// past the end, trailing bytes, varints over 53 bits — is a MalformedMessageError, which the
// connection turns into a close with a reason. Payload bounds are checked here because a `ws`
// message Buffer may be a view into a larger shared buffer (a length past the end must not read
// the neighbour's bytes), and payloads are copied so yjs never holds a view into socket memory.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
export const SyncMessageType = { step1: 0, step2: 1, update: 2 } as const;

export type IncomingMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'sync-update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' };

export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

function readBytes(decoder: decoding.Decoder): Uint8Array {
  const length = readUint(decoder, 'payload length');
  const remaining = decoder.arr.length - decoder.pos;
  if (length > remaining) throw new MalformedMessageError(`truncated message: payload of ${length} bytes, ${remaining} left`);
  const bytes = decoder.arr.slice(decoder.pos, decoder.pos + length);
  decoder.pos += length;
  return bytes;
}

function readUint(decoder: decoding.Decoder, what: string): number {
  try {
    return decoding.readVarUint(decoder);
  } catch (error) {
    throw new MalformedMessageError(`bad ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function expectEnd(decoder: decoding.Decoder): void {
  if (decoder.pos !== decoder.arr.length) {
    throw new MalformedMessageError(`${decoder.arr.length - decoder.pos} trailing bytes after the message`);
  }
}

export function parseMessage(data: Uint8Array): IncomingMessage {
  if (data.length === 0) throw new MalformedMessageError('empty message');
  const decoder = decoding.createDecoder(data);
  const type = readUint(decoder, 'message type');
  let message: IncomingMessage;
  switch (type) {
    case MessageType.sync: {
      const sub = readUint(decoder, 'sync message type');
      if (sub === SyncMessageType.step1) message = { kind: 'sync-step1', stateVector: readBytes(decoder) };
      else if (sub === SyncMessageType.step2 || sub === SyncMessageType.update) message = { kind: 'sync-update', update: readBytes(decoder) };
      else throw new MalformedMessageError(`unknown sync message type ${sub}`);
      break;
    }
    case MessageType.awareness:
      message = { kind: 'awareness', update: readBytes(decoder) };
      break;
    case MessageType.queryAwareness:
      message = { kind: 'query-awareness' };
      break;
    default:
      throw new MalformedMessageError(`unknown message type ${type}`);
  }
  expectEnd(decoder);
  return message;
}

function encode(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncMessageType.step1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncMessageType.step2);
    encoding.writeVarUint8Array(e, update);
  });
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncMessageType.update);
    encoding.writeVarUint8Array(e, update);
  });
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, update);
  });
}

/** A WebSocket close reason must fit in 123 bytes of UTF-8. */
export function truncateCloseReason(reason: string): string {
  const bytes = Buffer.from(reason, 'utf8');
  return bytes.byteLength <= 123 ? reason : bytes.subarray(0, 120).toString('utf8') + '...';
}
