// A linear-time structural check of a Yjs V1 update, run before Y.applyUpdate sees client bytes.
//
// Why: yjs allocates `new Array(numberOfStructs)` from a count it reads off the wire before it has
// read a single struct, so a ~100-byte update that declares tens of millions of structs costs
// hundreds of milliseconds and hundreds of MB before it fails (found by fuzzing random bytes into
// Y.applyUpdate on 13.6.33; the same family as yjs#687). In the V1 encoding every struct, delete
// range, JSON/any element and string byte occupies at least one byte of the message, so a
// declared count larger than the bytes left can only be a lie. This walker follows the V1 layout
// (the same fields UpdateDecoderV1 reads), checks every count and length against the remaining
// bytes and a nesting limit, and throws on the first lie. It never allocates per declared item.
//
// It must never refuse what yjs would accept from an honest client, so where unsure it is
// permissive (trailing bytes after the delete set are allowed, as yjs ignores them); yjs itself
// still decides everything else.

export class UpdateBoundsError extends Error {
  override readonly name = 'UpdateBoundsError';
}

const MAX_ANY_DEPTH = 1000;

class Cursor {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}
  get remaining(): number {
    return this.bytes.length - this.pos;
  }
  u8(): number {
    if (this.pos >= this.bytes.length) throw new UpdateBoundsError('unexpected end of update');
    return this.bytes[this.pos++] as number;
  }
  varUint(): number {
    let value = 0;
    let multiplier = 1;
    for (let i = 0; i < 8; i++) {
      const byte = this.u8();
      value += (byte & 0x7f) * multiplier;
      if (byte < 0x80) return value;
      multiplier *= 128;
    }
    throw new UpdateBoundsError('varint longer than 53 bits');
  }
  varInt(): void {
    for (let i = 0; i < 10; i++) if (this.u8() < 0x80) return;
    throw new UpdateBoundsError('varint too long');
  }
  skip(n: number): void {
    if (n > this.remaining) throw new UpdateBoundsError(`length ${n} exceeds the ${this.remaining} bytes left`);
    this.pos += n;
  }
  /** A count of items that each take at least one byte. */
  count(what: string): number {
    const n = this.varUint();
    if (n > this.remaining) throw new UpdateBoundsError(`${what}: declares ${n}, only ${this.remaining} bytes left`);
    return n;
  }
  /** Reads and discards `n` varuints (ids are client + clock pairs). */
  varUints(n: number): void {
    for (let i = 0; i < n; i++) this.varUint();
  }
  varBytes(): void {
    this.skip(this.varUint());
  }
}

function readAny(c: Cursor, depth: number): void {
  if (depth > MAX_ANY_DEPTH) throw new UpdateBoundsError('value nested too deeply');
  const type = c.u8();
  switch (type) {
    case 127: case 126: case 121: case 120:
      return;
    case 125:
      return c.varInt();
    case 124:
      return c.skip(4);
    case 123: case 122:
      return c.skip(8);
    case 119: case 116:
      return c.varBytes();
    case 118: {
      const n = c.count('object entries');
      for (let i = 0; i < n; i++) {
        c.varBytes();
        readAny(c, depth + 1);
      }
      return;
    }
    case 117: {
      const n = c.count('array elements');
      for (let i = 0; i < n; i++) readAny(c, depth + 1);
      return;
    }
    default:
      throw new UpdateBoundsError(`unknown value type ${type}`);
  }
}

function readContent(c: Cursor, ref: number): void {
  switch (ref) {
    case 1: // deleted: a length, no bytes behind it
      c.varUint();
      return;
    case 2: { // JSON strings
      const n = c.count('json items');
      for (let i = 0; i < n; i++) c.varBytes();
      return;
    }
    case 3: case 4: case 5: // binary, string, embed
      return c.varBytes();
    case 6: // format: key, JSON value
      c.varBytes();
      return c.varBytes();
    case 7: { // type
      const typeRef = c.varUint();
      if (typeRef > 6) throw new UpdateBoundsError(`unknown type ref ${typeRef}`);
      if (typeRef === 3 || typeRef === 5) c.varBytes(); // XmlElement / XmlHook name
      return;
    }
    case 8: { // any
      const n = c.count('any items');
      for (let i = 0; i < n; i++) readAny(c, 0);
      return;
    }
    case 9: // subdocument: guid, options
      c.varBytes();
      return readAny(c, 0);
    default:
      throw new UpdateBoundsError(`unknown content ref ${ref}`);
  }
}

/** Throws UpdateBoundsError if the V1 update declares more than its bytes can hold. */
export function checkUpdateBounds(update: Uint8Array): void {
  const c = new Cursor(update);
  const clients = c.count('client blocks');
  for (let b = 0; b < clients; b++) {
    const structs = c.count('structs');
    c.varUint(); // client
    c.varUint(); // clock
    for (let s = 0; s < structs; s++) {
      const info = c.u8();
      const ref = info & 0b11111;
      if (ref === 0 || ref === 10) {
        c.varUint(); // GC / Skip length
        continue;
      }
      if (info & 0b10000000) c.varUints(2); // origin
      if (info & 0b01000000) c.varUints(2); // right origin
      if ((info & 0b11000000) === 0) {
        if (c.varUint() === 1) c.varBytes(); // parent: root type name
        else c.varUints(2); // parent: item id
        if (info & 0b00100000) c.varBytes(); // parent sub (map key)
      }
      readContent(c, ref);
    }
  }
  const deleteClients = c.count('delete set clients');
  for (let d = 0; d < deleteClients; d++) {
    c.varUint(); // client
    const ranges = c.count('delete ranges');
    c.varUints(ranges * 2); // clock, length
  }
}
