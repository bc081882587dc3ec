import { describe, expect, it } from 'vitest';
import { listLabel, setListLabel } from './list-labels';
import { readSettings } from './settings';
import { checkConfigEvent, type ConfigEvent } from './config';

describe('task type and queue labels', () => {
  it('reads the workspace map first, else humanises the id', () => {
    expect(listLabel('qc')).toBe('QC');
    expect(listLabel('follow_up')).toBe('Follow-up');
    expect(listLabel('quality assurance')).toBe('Quality assurance');
    expect(listLabel('customer_support')).toBe('Customer support');
    expect(listLabel('qc', { qc: 'Quality check' })).toBe('Quality check');
  });
  it('is a setting with defaults, checked like every other', () => {
    expect(readSettings(new Map()).listLabels.qc).toBe('QC');
    const change = (value: unknown) => ({ id: 'e1', actor: 'ann', at: '1', type: 'settings.changed', payload: { key: 'listLabels', value } }) as ConfigEvent;
    expect(checkConfigEvent(change({ qc: 'Quality check' }), 'lead')).toBeNull();
    expect(checkConfigEvent(change({ qc: 7 }), 'lead')?.message).toMatch(/listLabels/);
  });
  it('is edited one id at a time; emptied, it goes back to the default', () => {
    const renamed = setListLabel({ qc: 'QC' }, 'qc', '  Quality check ');
    expect(renamed).toEqual({ ok: true, value: { qc: 'Quality check' } });
    expect(setListLabel({ qc: 'Quality check' }, 'qc', '')).toEqual({ ok: true, value: { qc: 'QC' } });
    expect(setListLabel({ dispatch: 'Desk' }, 'dispatch', '')).toEqual({ ok: true, value: {} });
    expect(setListLabel({}, 'qc', 'x'.repeat(61)).ok).toBe(false);
  });
});
