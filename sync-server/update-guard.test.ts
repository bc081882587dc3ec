import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { checkUpdateBounds, UpdateBoundsError } from './update-guard';

// Values of every shape ContentAny can carry.
const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.string({ unit: 'binary' }),
    fc.uint8Array({ maxLength: 20 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

type Op =
  | { kind: 'map-set'; key: string; value: unknown }
  | { kind: 'map-delete'; key: string }
  | { kind: 'array-push'; values: unknown[] }
  | { kind: 'array-delete'; at: number }
  | { kind: 'text-insert'; at: number; text: string; bold: boolean }
  | { kind: 'text-delete'; at: number; length: number }
  | { kind: 'nested'; key: string }
  | { kind: 'xml'; name: string; text: string }
  | { kind: 'subdoc'; key: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('map-set' as const), key: fc.string({ maxLength: 5 }), value: anyValue }),
  fc.record({ kind: fc.constant('map-delete' as const), key: fc.string({ maxLength: 5 }) }),
  fc.record({ kind: fc.constant('array-push' as const), values: fc.array(anyValue, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('array-delete' as const), at: fc.nat(10) }),
  fc.record({ kind: fc.constant('text-insert' as const), at: fc.nat(20), text: fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' }), bold: fc.boolean() }),
  fc.record({ kind: fc.constant('text-delete' as const), at: fc.nat(20), length: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('nested' as const), key: fc.string({ maxLength: 3 }) }),
  fc.record({ kind: fc.constant('xml' as const), name: fc.constantFrom('p', 'div', 'span'), text: fc.string({ maxLength: 5 }) }),
  fc.record({ kind: fc.constant('subdoc' as const), key: fc.string({ maxLength: 3 }) }),
);

function apply(doc: Y.Doc, o: Op): void {
  const map = doc.getMap('tasks');
  const array = doc.getArray('log');
  const text = doc.getText('notes');
  switch (o.kind) {
    case 'map-set': map.set(o.key, o.value); break;
    case 'map-delete': map.delete(o.key); break;
    case 'array-push': array.push(o.values); break;
    case 'array-delete': if (array.length > 0) array.delete(o.at % array.length, 1); break;
    case 'text-insert': text.insert(Math.min(o.at, text.length), o.text, o.bold ? { bold: true } : {}); break;
    case 'text-delete': if (text.length > 0) text.delete(o.at % text.length, Math.min(o.length, text.length - (o.at % text.length))); break;
    case 'nested': { const inner = new Y.Map(); map.set(o.key, inner); inner.set('x', new Y.Array()); break; }
    case 'xml': { const el = new Y.XmlElement(o.name); doc.getXmlFragment('xml').push([el]); el.push([new Y.XmlText(o.text)]); el.setAttribute('a', 'b'); break; }
    case 'subdoc': map.set(`sub-${o.key}`, new Y.Doc()); break;
  }
}

describe('checkUpdateBounds', () => {
  it('accepts every update yjs produces (incremental, full state, diffs, with GC and deletes)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(op, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 }), fc.boolean(), (transactions, gc) => {
        const doc = new Y.Doc({ gc });
        const seen: Uint8Array[] = [];
        doc.on('update', (u: Uint8Array) => seen.push(u));
        const vectors: Uint8Array[] = [Y.encodeStateVector(doc)];
        for (const ops of transactions) {
          doc.transact(() => ops.forEach((o) => apply(doc, o)));
          vectors.push(Y.encodeStateVector(doc));
        }
        seen.push(Y.encodeStateAsUpdate(doc));
        for (const sv of vectors) seen.push(Y.encodeStateAsUpdate(doc, sv));
        for (const update of seen) checkUpdateBounds(update);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses updates that declare more structs than they have bytes', () => {
    // 1 client block, 50,000,000 structs, client 1, clock 0, then nothing.
    const bomb = new Uint8Array([1, 0x80, 0xe1, 0xeb, 0x17, 1, 0]);
    expect(() => checkUpdateBounds(bomb)).toThrow(UpdateBoundsError);
    expect(() => checkUpdateBounds(new Uint8Array([]))).toThrow(UpdateBoundsError);
    expect(() => checkUpdateBounds(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toThrow(UpdateBoundsError);
  });

  it('runs in linear time on random bytes', () => {
    const started = performance.now();
    let bytes = 0;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (input) => {
        bytes += input.length;
        try {
          checkUpdateBounds(input);
        } catch (error) {
          if (!(error instanceof UpdateBoundsError)) throw error;
        }
      }),
      { numRuns: 5000 },
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(bytes).toBeGreaterThan(0);
  });
});
