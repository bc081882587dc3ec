// The small query language behind the filter bar and the search box:
//   owner:me status:todo,in_progress priority:high due:overdue type:qc queue:dispatch
//   tag:x link:order:PO-1 is:blocked is:snoozed origin:signal watching:me "free text" -tag:noise
// Terms are ANDed; commas inside one term are ORed; a leading "-" negates a term.
// Parsing returns a clear error with the offending term's position instead of
// guessing, so a typo never silently hides tasks.
import { stampTime } from './clock';
import { dueBounds, dueIn, isOpen, isOverdue, startOfLocalWeek, startOfNextLocalWeek, type DueBounds } from './due';
import { isClosedCategory } from './statuses';
import { ORIGINS, PRIORITIES, type Result, type TaskState, type UserId } from './types';

export interface QueryContext {
  me: UserId;
  /** Milliseconds since the epoch; "today" and "overdue" are computed from it in local time. */
  now: number;
  /** Derived overlay: are any of the task's prerequisites still open? */
  isBlocked: (task: TaskState) => boolean;
  /** Day boundaries for `now`, when a caller matches many tasks (computing them per task is slow). */
  bounds?: DueBounds;
}

export type QueryKey = 'owner' | 'status' | 'priority' | 'due' | 'type' | 'queue' | 'tag' | 'link' | 'is' | 'origin' | 'created' | 'closed' | 'watching' | 'text';

export interface QueryTerm {
  key: QueryKey;
  values: string[];
  negated: boolean;
}

export interface Query {
  text: string;
  terms: QueryTerm[];
}

export interface QueryError {
  message: string;
  /** Character offset of the offending term in the query text. */
  position: number;
}

const KEYS: readonly QueryKey[] = ['owner', 'status', 'priority', 'due', 'type', 'queue', 'tag', 'link', 'is', 'origin', 'created', 'closed', 'watching'];
/** `created:` / `closed:` take a day (YYYY-MM-DD) and mean the local week (Monday on) that holds it. */
const WEEK_KEYS: ReadonlySet<string> = new Set(['created', 'closed']);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DUE_VALUES = ['overdue', 'today', 'tomorrow', 'week', 'none'] as const;
const IS_VALUES = ['blocked', 'snoozed', 'open', 'closed', 'unassigned', 'private', 'handoff', 'approval'] as const;

const CLOSED_VALUES: Partial<Record<QueryKey, readonly string[]>> = {
  priority: PRIORITIES,
  due: DUE_VALUES,
  is: IS_VALUES,
  origin: ORIGINS,
};

interface Token {
  raw: string;
  position: number;
  quoted: boolean;
}

function tokenize(text: string): Result<Token[], QueryError> {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] as string)) {
      i += 1;
      continue;
    }
    const start = i;
    let raw = '';
    let quoted = false;
    while (i < text.length && !/\s/.test(text[i] as string)) {
      if (text[i] === '"') {
        const close = text.indexOf('"', i + 1);
        if (close === -1) return { ok: false, error: { message: 'A quote is not closed.', position: i } };
        raw += text.slice(i + 1, close);
        quoted = true;
        i = close + 1;
      } else {
        raw += text[i];
        i += 1;
      }
    }
    tokens.push({ raw, position: start, quoted });
  }
  return { ok: true, value: tokens };
}

export function parseQuery(text: string): Result<Query, QueryError> {
  const tokenized = tokenize(text);
  if (!tokenized.ok) return tokenized;
  const terms: QueryTerm[] = [];
  for (const token of tokenized.value) {
    const negated = token.raw.startsWith('-') && token.raw.length > 1;
    const body = negated ? token.raw.slice(1) : token.raw;
    const colon = body.indexOf(':');
    if (token.quoted || colon === -1) {
      if (body.trim()) terms.push({ key: 'text', values: [body.toLowerCase()], negated });
      continue;
    }
    const key = body.slice(0, colon).toLowerCase();
    if (!(KEYS as readonly string[]).includes(key)) {
      return {
        ok: false,
        error: { message: `Unknown filter "${key}:". Use one of ${KEYS.map((k) => `${k}:`).join(' ')}.`, position: token.position },
      };
    }
    // link:order:PO-1 keeps its inner colon; other keys split values on commas.
    const values = body.slice(colon + 1).split(',').map((v) => v.trim()).filter((v) => v !== '');
    if (values.length === 0) {
      return { ok: false, error: { message: `"${key}:" needs a value.`, position: token.position } };
    }
    const notDay = WEEK_KEYS.has(key) ? values.find((v) => !DAY.test(v) || Number.isNaN(Date.parse(`${v}T12:00:00`))) : undefined;
    if (notDay !== undefined) {
      return { ok: false, error: { message: `"${notDay}" is not a day; ${key}: takes YYYY-MM-DD (the week that holds it).`, position: token.position } };
    }
    const allowed = CLOSED_VALUES[key as QueryKey];
    const bad = allowed && values.find((v) => !allowed.includes(v.toLowerCase()));
    if (allowed && bad) {
      return {
        ok: false,
        error: { message: `"${bad}" is not a ${key}. Use one of: ${allowed.join(', ')}.`, position: token.position },
      };
    }
    terms.push({ key: key as QueryKey, values: allowed ? values.map((v) => v.toLowerCase()) : values, negated });
  }
  return { ok: true, value: { text, terms } };
}

function matchesDue(value: string, task: TaskState, context: QueryContext): boolean {
  switch (value) {
    case 'none':
      return task.dueAt === null;
    case 'overdue':
      return isOverdue(task, context.now);
    case 'today':
      return dueIn.today(task, context.bounds ?? dueBounds(context.now));
    case 'tomorrow':
      return dueIn.tomorrow(task, context.bounds ?? dueBounds(context.now));
    case 'week':
      return dueIn.week(task, context.bounds ?? dueBounds(context.now));
    default:
      return false;
  }
}

/** Is `at` in the local week that holds the day `value` (YYYY-MM-DD)? The Overview's weeks, the same way. */
function inWeekOf(value: string, at: number): boolean {
  const day = Date.parse(`${value}T12:00:00`);
  return at >= startOfLocalWeek(day) && at < startOfNextLocalWeek(day);
}

function matchesIs(value: string, task: TaskState, context: QueryContext): boolean {
  switch (value) {
    case 'blocked':
      return context.isBlocked(task);
    case 'snoozed':
      return task.snoozeUntil !== null && Date.parse(task.snoozeUntil) > context.now;
    case 'open':
      return isOpen(task);
    case 'closed':
      return isClosedCategory(task.category);
    case 'unassigned':
      return task.ownerId === null;
    case 'private':
      return task.private;
    case 'handoff':
      return task.handoff !== null && !task.handoff.acknowledged;
    case 'approval':
      return task.category === 'approval';
    default:
      return false;
  }
}

function matchesText(needle: string, task: TaskState): boolean {
  if (task.title.toLowerCase().includes(needle)) return true;
  if (task.description.toLowerCase().includes(needle)) return true;
  if (task.tags.some((tag) => tag.toLowerCase().includes(needle))) return true;
  if (task.links.some((link) => `${link.kind}:${link.id} ${link.label}`.toLowerCase().includes(needle))) return true;
  return task.comments.some((comment) => comment.body.toLowerCase().includes(needle));
}

function matchesValue(key: QueryKey, value: string, task: TaskState, context: QueryContext): boolean {
  switch (key) {
    case 'owner':
      if (value === 'me') return task.ownerId === context.me;
      if (value === 'none') return task.ownerId === null;
      return task.ownerId === value;
    case 'status':
      return task.status === value || task.category === value ||
        (value === 'open' && isOpen(task));
    case 'priority':
      return task.priority === value;
    case 'due':
      return matchesDue(value, task, context);
    case 'type':
      return task.type === value;
    case 'queue':
      return task.queue === value;
    case 'tag':
      return task.tags.includes(value);
    case 'link': {
      const [kind, ...rest] = value.split(':');
      const id = rest.join(':');
      return task.links.some((link) => link.kind === kind && (id === '' || link.id === id));
    }
    case 'is':
      return matchesIs(value, task, context);
    case 'origin':
      return task.origin === value;
    case 'watching':
      // `watching:me`, or a user id: the tasks that person watches.
      return task.watchers.includes(value === 'me' ? context.me : value);
    case 'created':
      return inWeekOf(value, stampTime(task.createdAt));
    case 'closed':
      // A closed task's last change is when it closed (comments aside), as the Overview counts it.
      return !isOpen(task) && inWeekOf(value, stampTime(task.updatedAt));
    case 'text':
      return matchesText(value, task);
  }
}

export function matchesQuery(query: Query, task: TaskState, context: QueryContext): boolean {
  for (const term of query.terms) {
    const any = term.values.some((value) => matchesValue(term.key, value, task, context));
    if (any === term.negated) return false;
  }
  return true;
}

/** Does the query already say anything about open/closed? (The UI hides closed tasks unless it does.) */
export function mentionsClosure(query: Query): boolean {
  return query.terms.some((term) =>
    (term.key === 'is' && term.values.some((v) => v === 'open' || v === 'closed')) ||
    term.key === 'status' || term.key === 'created' || term.key === 'closed');
}

