// Links in synced content come from other people's devices: only https: and
// mailto: become clickable; anything else (javascript:, data:, http:) is shown
// as plain text. Text is always rendered as text, never as HTML.
import type { ReactNode } from 'react';

export function safeHref(raw: string | undefined | null): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'mailto:' ? url.toString() : null;
  } catch {
    return null;
  }
}

export function SafeLink({ href, children }: { href: string | undefined | null; children: ReactNode }) {
  const safe = safeHref(href);
  if (safe === null) return <span className="link-text">{children}</span>;
  return <a href={safe} target="_blank" rel="noopener noreferrer nofollow">{children}</a>;
}
