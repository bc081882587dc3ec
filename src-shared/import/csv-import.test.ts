import { expect, test } from 'vitest';
import { replica } from '../doc/test-support';
import { guessMapping, planCsvImport } from './csv-import';

const PEOPLE = [{ userId: 'u-ann', displayName: 'Ann Lee' }, { userId: 'bob', displayName: 'bob' }];
const RECORDS = [
  { Name: 'Call carrier', Assignee: 'Ann Lee', 'Due date': '2026-12-24', Priority: 'High', Labels: 'po, urgent' },
  { Name: '', Assignee: '', 'Due date': '', Priority: '', Labels: '' },
  { Name: 'No such person', Assignee: 'Zed', 'Due date': '', Priority: '', Labels: '' },
  { Name: 'Bad date', Assignee: '', 'Due date': 'soon', Priority: '', Labels: '' },
  { Name: 'Bad priority', Assignee: '', 'Due date': '', Priority: 'whenever', Labels: '' },
  { Name: 'Call carrier', Assignee: 'Ann Lee', 'Due date': '2026-12-24', Priority: 'High', Labels: 'po, urgent' },
  { Name: 'Count bay 4', Assignee: 'bob', 'Due date': '2026-12-24T09:00', Priority: '', Labels: '' },
];

test('guesses the mapping from the headers', () => {
  expect(guessMapping(['Name', 'Assignee', 'Due date', 'Priority', 'Labels', 'Other'])).toEqual({
    title: 'Name', owner: 'Assignee', due: 'Due date', priority: 'Priority', tags: 'Labels',
  });
});

test('plans creations, per-row errors with row numbers, duplicates; re-importing creates nothing', () => {
  const mapping = guessMapping(Object.keys(RECORDS[0]!));
  const repository = replica('bob');
  const plan = planCsvImport({ records: RECORDS, mapping, people: PEOPLE, existing: repository.view.all() });
  expect(plan.rows.map((row) => [row.row, row.kind])).toEqual([
    [2, 'create'], [4, 'error'], [5, 'error'], [6, 'error'], [7, 'existing'], [8, 'create'],
  ]);
  expect(plan.rows.filter((row) => row.kind === 'error').map((row) => row.kind === 'error' && row.message)).toEqual([
    '"Zed" is not a member of this workspace.',
    '"soon" is not a date (use 2026-12-24 or 2026-12-24T09:00).',
    '"whenever" is not a priority (urgent, high, normal, low).',
  ]);
  const first = plan.rows[0];
  expect(first?.kind === 'create' && first.payload).toMatchObject({ title: 'Call carrier', ownerId: 'u-ann', priority: 'high', tags: ['po', 'urgent'] });
  for (const row of plan.rows) if (row.kind === 'create') expect(repository.create(row.payload).ok).toBe(true);
  const again = planCsvImport({ records: RECORDS, mapping, people: PEOPLE, existing: repository.view.all() });
  expect([again.create, again.existing, again.errors]).toEqual([0, 3, 3]);
});
