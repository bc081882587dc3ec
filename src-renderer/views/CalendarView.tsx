// Calendar (seeds 000 and 004): a month grid by due date in the operator's zone,
// chips coloured by priority, today marked, a count when a day is crowded, and
// "No due date" apart. Arrow keys move between days (Home/End: week, PageUp/
// PageDown: month), Enter lists the day's tasks beside the grid. Dragging a
// chip to another day, or Shift+Arrow on a listed task, reschedules it through
// the panel's command (repository.schedule), at the same local time of day.
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type DOMAttributes, type KeyboardEvent, type PointerEvent } from 'react';
import './planning.css';
import { bucketByDueDay, monthGrid, monthStart, moveToDay, shiftByDays, type CalendarDay } from '../../src-shared/domain/calendar';
import { isOverdue, localDayKey } from '../../src-shared/domain/due';
import type { TaskState } from '../../src-shared/domain/types';
import { useActions, useApp, useServices } from '../app/store-context';
import { priorityLabel } from './format';
import { useOwnerLabel, type OwnerLabel } from './use-owner-label';
import { clockTime, memoLast, monthYear, useSchedule, useShowInList, weekdayDay } from './planning-support';
import { calendarDayTasks, taskIds } from '../model/view-items';
import { useHighlighted } from './use-highlighted';
import { NO_DUE_TERM } from '../../src-shared/domain/overview';
import { readiness } from '../../src-shared/domain/prerequisites';
import { ReadinessBadge, withReadiness, type Readiness } from './ReadinessBadge';

const MAX_CHIPS = 3;
const NO_DUE_LIMIT = 40;
/** A crowded day lists its first tasks by due time; the filter narrows the rest. */
const DAY_LIST_LIMIT = 40;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** A task without a due date dropped on a day is due at the end of that day's office hours. */
const DEFAULT_DUE_HOUR = 17;

const gridOf = memoLast((monthStartAt: number) => monthGrid(monthStartAt));
const bucketsOf = memoLast((tasks: readonly TaskState[], days: readonly CalendarDay[]) => bucketByDueDay(tasks, days));
const dayAfter = (day: CalendarDay, days: number) => localDayKey(Date.parse(shiftByDays(new Date(day.start + 12 * 3_600_000).toISOString(), days)));
const taskName = (task: TaskState, owner: OwnerLabel) => `${task.title}, ${priorityLabel[task.priority]}, ${owner(task.ownerId)}`;

export function CalendarView() {
  const { repository } = useServices();
  const visible = useApp((state) => state.visible);
  const ownerName = useOwnerLabel();
  const { openPanel } = useActions();
  const schedule = useSchedule();
  const showInList = useShowInList();
  const now = Date.now();
  const today = localDayKey(now);
  const [anchor, setAnchor] = useState(now);
  const [focused, setFocused] = useState(today);
  // The listed day lives in the store: the keys (j/k, d, x, e…) walk and act on its tasks (VIEW_ITEMS.calendar).
  const listed = useApp((state) => state.calendarDay) ?? today;
  const setListed = useActions().setCalendarDay;
  const dayTasks = calendarDayTasks(visible, listed);
  const highlighted = useHighlighted('calendar', taskIds(dayTasks).ids);
  const [dropKey, setDropKey] = useState<string | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const month0 = monthStart(anchor);
  const days = gridOf(month0);
  const dayByKey = useMemo(() => new Map(days.map((day) => [day.key, day])), [days]);
  const { byDay, noDue } = bucketsOf(visible, days);
  const month = days.find((day) => day.inMonth) as CalendarDay;

  // Keep DOM focus on the focused day while the grid has it (roving tabindex), before paint.
  useLayoutEffect(() => {
    const grid = gridRef.current;
    if (!grid || !grid.contains(document.activeElement)) return;
    (grid.querySelector(`[data-day="${focused}"]`) as HTMLElement | null)?.focus();
  }, [focused, days]);

  // j/k move the highlight through the day list; the focus follows it while it is in the list.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list || !list.contains(document.activeElement) || highlighted === null) return;
    (list.querySelector('li[aria-current="true"] button') as HTMLElement | null)?.focus();
  }, [highlighted]);

  const focusDay = (key: string) => {
    setFocused(key);
    const day = dayByKey.get(key);
    if (!day || !day.inMonth) setAnchor(Date.parse(`${key}T12:00:00`));
  };

  const reschedule = (taskId: string, key: string) => {
    const task = repository.view.get(taskId);
    const day = dayByKey.get(key);
    if (!task) return;
    const dueAt = task.dueAt !== null ? moveToDay(task.dueAt, key)
      : new Date((day?.start ?? Date.parse(`${key}T00:00:00`)) + DEFAULT_DUE_HOUR * 3_600_000).toISOString();
    if (dueAt !== task.dueAt) schedule(taskId, { dueAt });
  };

  const onGridKey = (event: KeyboardEvent) => {
    const day = dayByKey.get(focused) ?? month;
    const weekday = (days.indexOf(day) % 7 + 7) % 7;
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7, Home: -weekday, End: 6 - weekday };
    if (event.key in moves && !event.shiftKey) {
      focusDay(dayAfter(day, moves[event.key] as number));
    } else if (event.key === 'PageUp' || event.key === 'PageDown') {
      const target = new Date(day.start);
      target.setMonth(target.getMonth() + (event.key === 'PageUp' ? -1 : 1));
      focusDay(localDayKey(target.getTime()));
    } else if (event.key === 'Enter' || event.key === ' ') {
      setListed(focused);
      requestAnimationFrame(() => (listRef.current?.querySelector('button') as HTMLElement | null)?.focus());
    } else return;
    event.preventDefault();
  };

  const onListKey = (task: TaskState) => (event: KeyboardEvent) => {
    const steps: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
    if (event.key === 'Escape') {
      setFocused(listed);
      requestAnimationFrame(() => (gridRef.current?.querySelector(`[data-day="${listed}"]`) as HTMLElement | null)?.focus());
    } else if (event.shiftKey && event.key in steps && task.dueAt !== null) {
      const target = localDayKey(Date.parse(shiftByDays(task.dueAt, steps[event.key] as number)));
      reschedule(task.id, target);
      setListed(target);
      focusDay(target);
    } else return;
    event.preventDefault();
  };

  // Dragging is pointer events, not HTML5 drag and drop: the same for mouse, pen and
  // touch, and the drop day is simply the cell under the pointer when it is released.
  const dragging = useRef<{ taskId: string; x: number; y: number; moved: boolean } | null>(null);
  const justDragged = useRef(false);
  const dayAt = (x: number, y: number) =>
    (document.elementFromPoint(x, y)?.closest('[data-day]') as HTMLElement | null)?.dataset.day ?? null;
  const dragHandlers = (task: TaskState) => ({
    onPointerDown: (event: PointerEvent) => {
      if (event.button !== 0) return;
      dragging.current = { taskId: task.id, x: event.clientX, y: event.clientY, moved: false };
    },
    onPointerMove: (event: PointerEvent) => {
      const drag = dragging.current;
      if (!drag || (!drag.moved && Math.hypot(event.clientX - drag.x, event.clientY - drag.y) < 4)) return;
      // Captured only once it is a drag, so a plain click still reaches the buttons inside.
      if (!drag.moved) event.currentTarget.setPointerCapture(event.pointerId);
      drag.moved = true;
      setDropKey(dayAt(event.clientX, event.clientY));
    },
    onPointerUp: (event: PointerEvent) => {
      const drag = dragging.current;
      dragging.current = null;
      setDropKey(null);
      if (!drag?.moved) return;
      justDragged.current = true;
      const key = dayAt(event.clientX, event.clientY);
      if (key) reschedule(drag.taskId, key);
    },
    onPointerCancel: () => { dragging.current = null; setDropKey(null); },
  });
  /** A click opens the task, unless it ends a drag. */
  const open = (taskId: string) => {
    if (justDragged.current) justDragged.current = false;
    else openPanel(taskId);
  };

  // Handlers read the latest render's state through a ref, so the "No due date" list
  // (up to NO_DUE_LIMIT rows) is built once per task snapshot, not on every arrow key.
  const latest = useRef({ dragHandlers, open, onListKey, reschedule });
  latest.current = { dragHandlers, open, onListKey, reschedule };
  // Stable, so the month grid (MonthWeeks, memoized) is not redrawn by j/k in the day list.
  const handlersFor = useCallback((task: TaskState): ChipHandlers => ({
    onPointerDown: (event: PointerEvent) => latest.current.dragHandlers(task).onPointerDown(event),
    onPointerMove: (event: PointerEvent) => latest.current.dragHandlers(task).onPointerMove(event),
    onPointerUp: (event: PointerEvent) => latest.current.dragHandlers(task).onPointerUp(event),
    onPointerCancel: () => latest.current.dragHandlers(task).onPointerCancel(),
  }), []);
  const openStable = useCallback((taskId: string) => latest.current.open(taskId), []);
  const listKeyStable = useCallback((task: TaskState, event: KeyboardEvent) => latest.current.onListKey(task)(event), []);
  const nudgeStable = useCallback((task: TaskState, days: number) => {
    if (task.dueAt) latest.current.reschedule(task.id, localDayKey(Date.parse(shiftByDays(task.dueAt, days))));
  }, []);
  const readinessOf = (task: TaskState) => readiness(task, (id) => repository.view.get(id));
  // The grid redraws when the tasks change (byDay), which is when a prerequisite can close.
  const readinessStable = useCallback((task: TaskState) => readiness(task, (id) => repository.view.get(id)), [repository]);
  const pickDay = useCallback((key: string) => { setFocused(key); setListed(key); }, [setListed]);
  const noDueSection = useMemo(() => {
    const handlers = handlersFor;
    return (
      <section aria-label="No due date">
        <h2>No due date <span className="count">{noDue.length.toLocaleString()}</span></h2>
        {noDue.length === 0 ? <p className="empty">Every task has a due date.</p> : (
          <ul className="day-list">
            {noDue.slice(0, NO_DUE_LIMIT).map((task) => (
              <li key={task.id} className="draggable" {...handlers(task)}>
                <span className={`dot dot-${task.priority}`} />
                <button type="button" className="title-button" aria-label={taskName(task, ownerName)} onClick={() => latest.current.open(task.id)}>{task.title}</button>
              </li>
            ))}
          </ul>
        )}
        {noDue.length > NO_DUE_LIMIT && (
          <button type="button" className="more-button" onClick={() => showInList(NO_DUE_TERM)}>Show all {noDue.length.toLocaleString()} in the list</button>
        )}
      </section>
    );
  }, [noDue, showInList, handlersFor]);

  const listedDay = dayByKey.get(listed);
  const listedTasks = dayTasks;
  // A crowded day shows DAY_LIST_LIMIT of its tasks: the page holding the highlighted one (j/k walk them all;
  // a page, not a window sliding with every key, so a keystroke redraws two rows).
  const highlightedAt = Math.max(0, listedTasks.findIndex((task) => task.id === highlighted));
  const from = Math.floor(highlightedAt / DAY_LIST_LIMIT) * DAY_LIST_LIMIT;

  return (
    <div className="calendar" aria-label="Calendar">
      <div className="calendar-main">
        <div className="calendar-toolbar">
          <button type="button" aria-label="Previous month" onClick={() => focusDay(dayAfter(month, -month.dayOfMonth))}>‹</button>
          <h2 aria-live="polite">{monthYear.format(month.start)}</h2>
          <button type="button" aria-label="Next month" onClick={() => focusDay(localDayKey(monthStart(month.start, 1)))}>›</button>
          <button type="button" onClick={() => { focusDay(today); setListed(today); }}>Today</button>
          <span className="hint">Arrows move · Enter lists the day · drag a task to reschedule</span>
        </div>
        <div ref={gridRef} className="calendar-grid" role="grid" aria-label={`Calendar, ${monthYear.format(month.start)}`} onKeyDown={onGridKey}>
          <div role="row" className="calendar-week">
            {WEEKDAYS.map((name) => <div key={name} role="columnheader" className="calendar-head">{name}</div>)}
          </div>
          <MonthWeeks days={days} byDay={byDay} today={today} listed={listed} focused={focused} dropKey={dropKey}
            minute={Math.floor(now / 60_000)} ownerName={ownerName} readinessOf={readinessStable} handlersFor={handlersFor} onFocusDay={setFocused} onPickDay={pickDay} onOpen={openStable} />
        </div>
      </div>
      <aside className="calendar-side">
        <section aria-label={`Due ${listedDay ? weekdayDay.format(listedDay.start) : listed}`}>
          <h2>{listedDay ? weekdayDay.format(listedDay.start) : listed} <span className="count">{listedTasks.length}</span></h2>
          {listedTasks.length === 0 ? <p className="empty">Nothing due.</p> : (
            <ul ref={listRef} className="day-list">
              {listedTasks.slice(from, from + DAY_LIST_LIMIT).map((task) => (
                <DayRow key={task.id} task={task} highlighted={task.id === highlighted} ownerName={ownerName} readiness={readinessOf(task)}
                  handlersFor={handlersFor} onOpen={openStable} onListKey={listKeyStable} onNudge={nudgeStable} />
              ))}
            </ul>
          )}
          {listedTasks.length > DAY_LIST_LIMIT && (
            <p className="empty">{(from + 1).toLocaleString()}–{Math.min(listedTasks.length, from + DAY_LIST_LIMIT).toLocaleString()} of {listedTasks.length.toLocaleString()} due that day (j/k move through all of them; the filter narrows them)</p>
          )}
        </section>
        {noDueSection}
      </aside>
    </div>
  );
}

type ChipHandlers = Pick<DOMAttributes<Element>, 'onPointerDown' | 'onPointerMove' | 'onPointerUp' | 'onPointerCancel'>;

/** The month's six weeks of day cells with their chips; memoized: its props do not change on j/k. */
const MonthWeeks = memo(function MonthWeeks({ days, byDay, today, listed, focused, dropKey, minute, ownerName, readinessOf, handlersFor, onFocusDay, onPickDay, onOpen }: {
  days: readonly CalendarDay[]; byDay: ReadonlyMap<string, readonly TaskState[]>; today: string; listed: string; focused: string;
  dropKey: string | null; minute: number; ownerName: OwnerLabel; readinessOf: (task: TaskState) => Readiness; handlersFor: (task: TaskState) => ChipHandlers;
  onFocusDay: (key: string) => void; onPickDay: (key: string) => void; onOpen: (taskId: string) => void;
}) {
  const weeks = Array.from({ length: 6 }, (_, week) => days.slice(week * 7, week * 7 + 7));
  return (<>
    {weeks.map((week) => (
      <div key={week[0]?.key} role="row" className="calendar-week">
        {week.map((day, index) => {
          const tasks = byDay.get(day.key) ?? [];
          const crowded = tasks.length > MAX_CHIPS;
          const classes = ['calendar-day', day.inMonth ? '' : 'outside', index >= 5 ? 'weekend' : '',
            day.key === today ? 'today' : '', day.key === listed ? 'focused' : '', dropKey === day.key ? 'drop-target' : ''];
          return (
            <div key={day.key} role="gridcell" data-day={day.key} tabIndex={day.key === focused ? 0 : -1}
              data-view-focus={day.key === focused ? true : undefined}
              aria-current={day.key === today ? 'date' : undefined} aria-selected={day.key === listed}
              aria-label={`${weekdayDay.format(day.start)}: ${tasks.length === 1 ? '1 task' : `${tasks.length} tasks`}`}
              className={classes.filter(Boolean).join(' ')}
              onFocus={() => onFocusDay(day.key)} onClick={() => onPickDay(day.key)}>
              <div className="day-head">
                <span className="day-number">{day.dayOfMonth}</span>
                {crowded && <span className={`day-count${tasks.length > 8 ? ' busy' : ''}`}>{tasks.length}</span>}
              </div>
              {tasks.slice(0, MAX_CHIPS).map((task) => (
                <button key={task.id} type="button" tabIndex={-1} aria-label={withReadiness(taskName(task, ownerName), readinessOf(task))} {...handlersFor(task)}
                  className={`chip${isOverdue(task, minute * 60_000) ? ' late' : ''}${task.category === 'done' ? ' done' : ''}`}
                  onClick={(event) => { event.stopPropagation(); onOpen(task.id); }}>
                  <span className={`dot dot-${task.priority}`} /><span className="chip-title">{task.title}</span>
                  <ReadinessBadge readiness={readinessOf(task)} />
                </button>
              ))}
              {crowded && <span className="chip-more">+{tasks.length - MAX_CHIPS} more</span>}
            </div>
          );
        })}
      </div>
    ))}
  </>);
});

/** A task of the listed day; memoized, so j/k redraws the two rows whose highlight changed. */
const DayRow = memo(function DayRow({ task, highlighted, ownerName, readiness: ready, handlersFor, onOpen, onListKey, onNudge }: {
  task: TaskState; highlighted: boolean; ownerName: OwnerLabel; readiness: Readiness;
  handlersFor: (task: TaskState) => ChipHandlers; onOpen: (taskId: string) => void;
  onListKey: (task: TaskState, event: KeyboardEvent) => void; onNudge: (task: TaskState, days: number) => void;
}) {
  return (
    <li className={`draggable${highlighted ? ' selected' : ''}`} {...handlersFor(task)} aria-current={highlighted ? 'true' : undefined}>
      <span className={`dot dot-${task.priority}`} />
      <button type="button" className="title-button" aria-label={withReadiness(taskName(task, ownerName), ready)} aria-keyshortcuts="Shift+ArrowLeft Shift+ArrowRight"
        onClick={() => onOpen(task.id)} onKeyDown={(event) => onListKey(task, event)}>{task.title}</button>
      <ReadinessBadge readiness={ready} />
      <span className="when">{task.dueAt ? clockTime.format(Date.parse(task.dueAt)) : ''}</span>
      <button type="button" className="nudge" aria-label={`Move ${task.title} a day earlier`} onClick={() => onNudge(task, -1)}>‹</button>
      <button type="button" className="nudge" aria-label={`Move ${task.title} a day later`} onClick={() => onNudge(task, 1)}>›</button>
    </li>
  );
});
