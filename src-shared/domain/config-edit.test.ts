import { describe, expect, test } from 'vitest';
import { checkConfigEvent, type ConfigEvent } from './config';
import {
  addName, addShiftEnd, addStatus, matchTemplates, moveStatus, parseExpiryHours, parseTimeOfDay, removeStatus, renameStatus,
  setStatusColor, setStatusHidden, setThreshold, slugify, statusUsage, templateFromForm, templateToForm, EMPTY_TEMPLATE_FORM,
} from './config-edit';
import { DEFAULT_STATUSES, pickableStatuses } from './statuses';
import type { StatusCategory } from './types';

const task = (status: string, category: StatusCategory) => ({ status, category });
const settingsEvent = (key: string, value: unknown): ConfigEvent =>
  ({ id: '01', actor: 'lea', at: '1', type: 'settings.changed', payload: { key, value } }) as ConfigEvent;

describe('statuses', () => {
  test('an added status takes its id from the label and passes the config check', () => {
    const added = addStatus(DEFAULT_STATUSES, '  On hold ', 'waiting');
    if (!added.ok) throw new Error(added.error.message);
    expect(added.value.at(-1)).toEqual({ id: 'on_hold', label: 'On hold', category: 'waiting' });
    expect(checkConfigEvent(settingsEvent('statuses', added.value), 'lead')).toBeNull();
    expect(slugify('Prüfung / QC')).toBe('prufung_qc');
  });

  test('duplicates and empty labels are refused', () => {
    expect(addStatus(DEFAULT_STATUSES, 'To do', 'unstarted').ok).toBe(false);
    expect(addStatus(DEFAULT_STATUSES, 'in progress', 'started')).toMatchObject({ ok: false });
    expect(addStatus(DEFAULT_STATUSES, ' ', 'started').ok).toBe(false);
    expect(addStatus(DEFAULT_STATUSES, '!!', 'started').ok).toBe(false);
  });

  test('rename keeps the id; move changes the order and stops at the ends', () => {
    const renamed = renameStatus(DEFAULT_STATUSES, 'todo', 'New');
    expect(renamed.ok && renamed.value[0]).toEqual({ id: 'todo', label: 'New', category: 'unstarted' });
    expect(renameStatus(DEFAULT_STATUSES, 'todo', 'Waiting').ok).toBe(false);
    expect(moveStatus(DEFAULT_STATUSES, 'in_progress', -1).map((s) => s.id).slice(0, 2)).toEqual(['in_progress', 'todo']);
    expect(moveStatus(DEFAULT_STATUSES, 'todo', -1).map((s) => s.id)).toEqual(DEFAULT_STATUSES.map((s) => s.id));
    expect(moveStatus(DEFAULT_STATUSES, 'cancelled', 1).map((s) => s.id)).toEqual(DEFAULT_STATUSES.map((s) => s.id));
  });

  test('a status used by open tasks cannot be retired; closed tasks do not count', () => {
    const withHold = [...DEFAULT_STATUSES, { id: 'on_hold', label: 'On hold', category: 'waiting' as const }];
    const tasks = [task('on_hold', 'waiting'), task('on_hold', 'waiting'), task('todo', 'unstarted'), task('completed', 'done')];
    expect(statusUsage(tasks, 'on_hold')).toBe(2);
    expect(statusUsage(tasks, 'completed')).toBe(0);
    const refused = removeStatus(withHold, 'on_hold', tasks);
    expect(refused.ok ? '' : refused.error.message).toBe('“On hold” is used by 2 open tasks; move them to another status first.');
    const removed = removeStatus(withHold, 'on_hold', tasks.slice(2));
    expect(removed.ok && removed.value.map((s) => s.id)).toEqual(DEFAULT_STATUSES.map((s) => s.id));
    // Closed tasks and tasks' histories keep a status: removing it would change how they fold.
    const closed = removeStatus(withHold, 'on_hold', [task('on_hold', 'done')]);
    expect(closed.ok ? '' : closed.error.message).toBe('“On hold” is the status of 1 closed task; hide it from pickers instead.');
    expect(removeStatus(withHold, 'on_hold', [], { inHistory: true })).toMatchObject({ ok: false });
  });

  test('colours are #rrggbb or the category\'s; hiding keeps one pickable status per category', () => {
    const coloured = setStatusColor(DEFAULT_STATUSES, 'todo', '#AA5500');
    expect(coloured.ok && coloured.value[0]).toEqual({ id: 'todo', label: 'To do', category: 'unstarted', color: '#aa5500' });
    expect(setStatusColor(DEFAULT_STATUSES, 'todo', 'red').ok).toBe(false);
    expect(coloured.ok && setStatusColor(coloured.value, 'todo', null)).toEqual({ ok: true, value: [...DEFAULT_STATUSES] });
    expect(coloured.ok && checkConfigEvent(settingsEvent('statuses', coloured.value), 'lead')).toBeNull();
    expect(checkConfigEvent(settingsEvent('statuses', [{ id: 'todo', label: 'To do', category: 'unstarted', color: 'url(x)' }]), 'lead')?.message).toMatch(/#rrggbb/);
    const withHold = [...DEFAULT_STATUSES, { id: 'on_hold', label: 'On hold', category: 'waiting' as const }];
    const hidden = setStatusHidden(withHold, 'on_hold', true);
    expect(hidden.ok && pickableStatuses(hidden.value).map((s) => s.id)).not.toContain('on_hold');
    expect(hidden.ok && pickableStatuses(hidden.value, 'on_hold').map((s) => s.id)).toContain('on_hold');
    expect(hidden.ok && setStatusHidden(hidden.value, 'waiting_external', true)).toMatchObject({ ok: false });
  });

  test('a status a mapping or a template names stays', () => {
    const withDone = [...DEFAULT_STATUSES, { id: 'verified', label: 'Verified', category: 'done' as const }];
    const mapped = removeStatus(withDone, 'completed', [], { statusMappings: { advance: { states: { done: 'completed' }, archived: 'cancelled' } } });
    expect(mapped.ok ? '' : mapped.error.message).toBe('“Completed” is used by the status mapping “advance”.');
    const templated = removeStatus(withDone, 'verified', [], { templates: [{ name: 'QC pass', status: 'verified' }] });
    expect(templated.ok ? '' : templated.error.message).toBe('“Verified” is the default status of the template “QC pass”.');
    expect(removeStatus(withDone, 'verified', [], { templates: [{ name: 'QC pass' }] }).ok).toBe(true);
  });

  test('the last status of a category stays', () => {
    const result = removeStatus(DEFAULT_STATUSES, 'waiting_external', []);
    expect(result.ok ? '' : result.error.message).toMatch(/only status in the waiting category/);
  });
});

describe('lists, shift ends, thresholds', () => {
  test('names are slugified and unique', () => {
    expect(addName(['qc'], 'Site visit', 'task type')).toEqual({ ok: true, value: ['qc', 'site_visit'] });
    expect(addName(['qc'], 'QC', 'task type').ok).toBe(false);
    expect(addName([], '  ', 'queue').ok).toBe(false);
  });

  test('shift ends are HH:MM local times, kept sorted', () => {
    expect(parseTimeOfDay('6:30')).toEqual({ ok: true, value: '06:30' });
    expect(parseTimeOfDay('23:59').ok).toBe(true);
    for (const bad of ['24:00', '12:60', '1230', 'noon', '']) expect(parseTimeOfDay(bad).ok).toBe(false);
    expect(addShiftEnd(['14:00', '22:00'], '06:00')).toEqual({ ok: true, value: ['06:00', '14:00', '22:00'] });
    expect(addShiftEnd(['14:00'], '14:00').ok).toBe(false);
    const result = addShiftEnd(['06:00'], '18:00');
    expect(result.ok && checkConfigEvent(settingsEvent('shiftEnds', result.value), 'lead')).toBeNull();
  });

  test('expiry hours and auto-approve thresholds (off by default)', () => {
    expect(parseExpiryHours('48')).toEqual({ ok: true, value: 48 });
    expect(parseExpiryHours('0').ok).toBe(false);
    expect(parseExpiryHours('x').ok).toBe(false);
    expect(setThreshold({}, 'qc', '85')).toEqual({ ok: true, value: { qc: 0.85 } });
    expect(setThreshold({ qc: 0.85 }, 'qc', '')).toEqual({ ok: true, value: {} });
    expect(setThreshold({}, 'qc', '150').ok).toBe(false);
  });
});

describe('templates', () => {
  test('the form becomes a template and back', () => {
    const form = {
      ...EMPTY_TEMPLATE_FORM, name: 'Post-call follow-up', title: 'Follow up the call', dueHours: '24',
      tags: 'follow-up, sales, follow-up', checklist: 'Draft\n\n Send ', ownerId: 'bob', status: 'todo',
    };
    const template = templateFromForm(form, DEFAULT_STATUSES);
    if (!template.ok) throw new Error(template.error.message);
    expect(template.value).toMatchObject({ dueOffsetMinutes: 1440, tags: ['follow-up', 'sales'], checklist: ['Draft', 'Send'], ownerId: 'bob', status: 'todo' });
    expect(templateToForm({ ...template.value, id: 't1' })).toMatchObject({ id: 't1', dueHours: '24', tags: 'follow-up, sales', checklist: 'Draft\nSend' });
    expect(templateFromForm({ ...form, name: '' }, DEFAULT_STATUSES).ok).toBe(false);
    expect(templateFromForm({ ...form, dueHours: '-1' }, DEFAULT_STATUSES).ok).toBe(false);
    expect(templateFromForm({ ...form, status: 'gone' }, DEFAULT_STATUSES).ok).toBe(false);
    expect(templateFromForm({ ...form, dueHours: '' }, DEFAULT_STATUSES)).toMatchObject({ ok: true, value: { dueOffsetMinutes: null } });
  });

  test('quick create matches /text against names: prefix, then word start, then anywhere', () => {
    const templates = [{ name: 'Site visit' }, { name: 'Post-call follow-up' }, { name: 'Repost ad' }, { name: 'Call back' }];
    expect(matchTemplates(templates, 'post').map((t) => t.name)).toEqual(['Post-call follow-up', 'Repost ad']);
    expect(matchTemplates(templates, 'call').map((t) => t.name)).toEqual(['Call back', 'Post-call follow-up']);
    expect(matchTemplates(templates, '').length).toBe(4);
    expect(matchTemplates(templates, 'zzz')).toEqual([]);
  });
});
