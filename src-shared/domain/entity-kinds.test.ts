import { describe, expect, test } from 'vitest';
import { checkConfigEvent, type ConfigEvent } from './config';
import { DEFAULT_ENTITY_KINDS, entityKindLabel, entityUrl, saveEntityKind, urlPatternError } from './entity-kinds';
import { readSettings } from './settings';
import { DEFAULT_SETTINGS } from './statuses';

const settingsEvent = (key: string, value: unknown): ConfigEvent =>
  ({ id: '01', actor: 'lea', at: '1', type: 'settings.changed', payload: { key, value } }) as ConfigEvent;

describe('entity kinds', () => {
  test('the defaults list the nine kinds, with labels and no URL', () => {
    expect(DEFAULT_SETTINGS.entityKinds.map((k) => k.id)).toEqual(['order', 'shipment', 'lot', 'invoice', 'client', 'supplier', 'trip', 'customer', 'project']);
    expect(entityKindLabel('invoice', DEFAULT_SETTINGS)).toBe('Invoice');
    expect(entityKindLabel('work_order', DEFAULT_SETTINGS)).toBe('Work order');
    expect(entityUrl('order', 'PO-1', DEFAULT_SETTINGS)).toBeNull();
  });

  test('entityUrl fills {id}, URL-encoded, from the workspace pattern', () => {
    const saved = saveEntityKind(DEFAULT_ENTITY_KINDS, 'order', 'Purchase order', 'https://erp/orders/{id}');
    if (!saved.ok) throw new Error(saved.error.message);
    const settings = { entityKinds: saved.value };
    expect(entityUrl('order', 'PO-1', settings)).toBe('https://erp/orders/PO-1');
    expect(entityUrl('order', 'a b/../c?x', settings)).toBe('https://erp/orders/a%20b%2F..%2Fc%3Fx');
    expect(entityKindLabel('order', settings)).toBe('Purchase order');
    expect(entityUrl('lot', 'L1', settings)).toBeNull();
    expect(entityUrl('order', '', settings)).toBeNull();
  });

  test('patterns are http(s) with {id}; anything else is refused with a reason', () => {
    expect(urlPatternError('https://erp.example.com:8443/orders/{id}?tab=1')).toBeNull();
    expect(urlPatternError('https://erp/orders/')).toMatch(/needs \{id\}/);
    expect(urlPatternError('javascript:alert({id})')).toMatch(/https:\/\//);
    expect(urlPatternError('https://erp /{id}')).toMatch(/not a URL/);
    expect(saveEntityKind(DEFAULT_ENTITY_KINDS, 'Bad Kind', 'x', '').ok).toBe(false);
    expect(saveEntityKind(DEFAULT_ENTITY_KINDS, 'pallet', ' ', '').ok).toBe(false);
    const added = saveEntityKind(DEFAULT_ENTITY_KINDS, 'pallet', 'Pallet', '');
    expect(added.ok && added.value.at(-1)).toEqual({ id: 'pallet', label: 'Pallet', urlPattern: null });
  });

  test('the config check refuses a bad list, and a stored bad value reads as the default (never a javascript: link)', () => {
    const evil = [{ id: 'order', label: 'Order', urlPattern: 'javascript:alert({id})' }];
    expect(checkConfigEvent(settingsEvent('entityKinds', evil), 'lead')?.message).toMatch(/https:\/\//);
    expect(checkConfigEvent(settingsEvent('entityKinds', [{ id: 'order', label: 'Order', urlPattern: null }, { id: 'order', label: 'Again', urlPattern: null }]), 'lead')?.message).toMatch(/twice/);
    expect(checkConfigEvent(settingsEvent('entityKinds', [{ id: 'order', label: 'Order', urlPattern: 'https://erp/o/{id}' }]), 'lead')).toBeNull();
    expect(checkConfigEvent(settingsEvent('entityKinds', [{ id: 'order', label: 'Order', urlPattern: null }]), 'operator')?.code).toBe('not_permitted');
    const read = readSettings(new Map([['entityKinds', evil]]));
    expect(read.entityKinds).toEqual(DEFAULT_SETTINGS.entityKinds);
    expect(entityUrl('order', 'x', { entityKinds: evil })).toBeNull();
  });
});
