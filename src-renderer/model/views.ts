// The operator's views, once: the tabs, the number keys and the `?` overlay are all
// generated from this list, so adding a view is one line here plus its component.
export const VIEWS = [
  { view: 'list', label: 'List', key: '1' },
  { view: 'board', label: 'Board', key: '2' },
  { view: 'my-day', label: 'My Day', key: '3' },
  { view: 'approvals', label: 'Approvals', key: '4' },
  { view: 'handoff', label: 'Handoff', key: '5' },
  { view: 'review', label: 'Review', key: '6' },
  { view: 'overview', label: 'Overview', key: '7' },
  { view: 'calendar', label: 'Calendar', key: '8' },
  { view: 'gantt', label: 'Gantt', key: '9' },
  { view: 'settings', label: 'Settings', key: '0' },
] as const;

export type ViewName = (typeof VIEWS)[number]['view'];

/** Views only leads and admins see (the tab is hidden; the key shows nothing editable to others). */
export const LEAD_VIEWS: ReadonlySet<ViewName> = new Set<ViewName>(['settings']);
