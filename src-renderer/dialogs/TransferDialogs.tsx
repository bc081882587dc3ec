// Export (JSON of everything with full logs, iCalendar VTODOs, CSV of the
// current view) and CSV import (preview, column mapping, per-row errors,
// idempotent re-import). The formats and the import plan live in src-shared;
// this file only reads the file, shows the plan and downloads the result.
import Papa from 'papaparse';
import { useMemo, useState } from 'react';
import { exportCsv } from '../../src-shared/export/export-csv';
import { exportIcs } from '../../src-shared/export/export-ics';
import { exportWorkspaceJson } from '../../src-shared/export/export-json';
import { guessMapping, IMPORT_FIELDS, planCsvImport, type ImportField, type ImportMapping } from '../../src-shared/import/csv-import';
import { plural } from '../../src-shared/util/text';
import { useActions, useApp, useServices } from '../app/store-context';
import { VIEWS } from '../model/views';
import { download } from '../chrome/download';
import { Dialog } from './Dialog';
import { usePeople } from './PersonCombobox';


export function ExportDialog() {
  const { repository, host } = useServices();
  const { closeDialog, viewTasks } = useActions();
  const view = useApp((state) => state.view);
  const workspace = host.identity.workspaceId;
  const label = VIEWS.find((entry) => entry.view === view)?.label ?? view;
  const rows = viewTasks();
  const stem = `handoff-${workspace}-${new Date().toISOString().slice(0, 10)}`;
  const save = (name: string, type: string, text: string) => {
    download(name, type, text);
    closeDialog();
  };
  return (
    <Dialog title="Export" onClose={closeDialog}>
      <div className="choices">
        <button type="button" autoFocus onClick={() => save(`${stem}.json`, 'application/json', exportWorkspaceJson(repository, workspace, new Date()))}>
          Everything (JSON, with full logs)
        </button>
        <button type="button" onClick={() => save(`${stem}.ics`, 'text/calendar', exportIcs(repository.view.all(), { now: new Date(), workspaceId: workspace }))}>
          Calendar (iCalendar, tasks with a due time)
        </button>
        <button type="button" disabled={rows.length === 0} onClick={() => save(`${stem}-${view}.csv`, 'text/csv', exportCsv(rows))}>
          This view: {label} (CSV, {plural(rows.length, 'task')})
        </button>
      </div>
    </Dialog>
  );
}

const FIELD_LABELS: Record<ImportField, string> = {
  title: 'Title', description: 'Description', owner: 'Owner', due: 'Due', priority: 'Priority', tags: 'Tags',
};
const PREVIEW_ROWS = 200;

export function ImportDialog() {
  const { closeDialog, importTasks } = useActions();
  const tasks = useApp((state) => state.tasks);
  const people = usePeople();
  const [file, setFile] = useState<{ name: string; headers: string[]; records: Record<string, string>[]; problems: string[] } | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const plan = useMemo(() => (file === null ? null : planCsvImport({ records: file.records, mapping, people, existing: tasks })), [file, mapping, people, tasks]);

  const read = async (chosen: File | undefined) => {
    if (!chosen) return;
    const parsed = Papa.parse<Record<string, string>>(await chosen.text(), { header: true, skipEmptyLines: 'greedy' });
    const headers = parsed.meta.fields ?? [];
    setFile({
      name: chosen.name, headers, records: parsed.data,
      problems: parsed.errors.map((error) => `Row ${(error.row ?? 0) + 2}: ${error.message}`),
    });
    setMapping(guessMapping(headers));
  };
  const creations = plan?.rows.flatMap((row) => (row.kind === 'create' ? [row.payload] : [])) ?? [];

  return (
    <Dialog title="Import CSV" onClose={closeDialog} className="import">
      <label>CSV file<input type="file" accept=".csv,text/csv" autoFocus onChange={(event) => void read(event.target.files?.[0])} /></label>
      {file !== null && plan !== null && (
        <>
          <fieldset className="mapping">
            <legend>Columns</legend>
            {IMPORT_FIELDS.map((field) => (
              <label key={field}>{FIELD_LABELS[field]}
                <select value={mapping[field] ?? ''} onChange={(event) => {
                  const next = { ...mapping };
                  if (event.target.value === '') delete next[field];
                  else next[field] = event.target.value;
                  setMapping(next);
                }}>
                  <option value="">(not imported)</option>
                  {file.headers.map((header) => <option key={header} value={header}>{header}</option>)}
                </select>
              </label>
            ))}
          </fieldset>
          {file.problems.length > 0 && <ul className="error">{file.problems.map((problem) => <li key={problem}>{problem}</li>)}</ul>}
          <p role="status" aria-label="Import summary">
            {plural(plan.create, 'new task')}, {plan.existing} already imported, {plural(plan.errors, 'row')} with errors
          </p>
          <table aria-label="Preview">
            <thead><tr><th scope="col">Row</th><th scope="col">Title</th><th scope="col">Result</th></tr></thead>
            <tbody>
              {plan.rows.slice(0, PREVIEW_ROWS).map((row) => (
                <tr key={row.row} className={row.kind === 'error' ? 'error' : undefined}>
                  <td>{row.row}</td>
                  <td>{row.kind === 'create' ? row.payload.title : row.title}</td>
                  <td>{row.kind === 'create' ? 'New' : row.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {plan.rows.length > PREVIEW_ROWS && <p className="more">+{plan.rows.length - PREVIEW_ROWS} more rows</p>}
        </>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={creations.length === 0} onClick={() => importTasks(creations)}>
          Import {plural(creations.length, 'task')}
        </button>
        <button type="button" onClick={closeDialog}>Cancel</button>
      </div>
    </Dialog>
  );
}
