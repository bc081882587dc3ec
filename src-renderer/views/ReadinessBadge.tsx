/** "blocked" (a prerequisite is open) or "ready" (every prerequisite is closed), beside a task's title. */
export function ReadinessBadge({ readiness }: { readiness: 'blocked' | 'ready' | null }) {
  if (readiness === null) return null;
  return <span className={`badge badge-${readiness}`}>{readiness}</span>;
}
