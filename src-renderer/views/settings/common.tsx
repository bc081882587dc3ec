// What every Settings section shares: a labelled region, the section's last
// refusal (the domain's own message), and `apply`, which runs one checked
// repository command and keeps its error beside the control that caused it.
import { useId, useState, type ReactNode } from 'react';
import type { Result } from '../../../src-shared/domain/types';

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

/** A section's error line and the command runner that fills it. */
export function useApply(): { apply(result: Result<unknown>): boolean; error: ReactNode } {
  const [message, setMessage] = useState<string | null>(null);
  return {
    apply(result) {
      setMessage(result.ok ? null : result.error.message);
      return result.ok;
    },
    error: message === null ? null : <p role="alert" className="error">{message}</p>,
  };
}

/**
 * A list of short strings (task types, queues, shift ends): each with a Remove
 * button, and an add field. `add` builds the next list (src-shared validates),
 * `save` writes it through the repository.
 */
export function EditableList({ name, items, add, save, inputLabel, placeholder, show = (item) => item }: {
  name: string;
  items: readonly string[];
  add(list: readonly string[], text: string): Result<string[]>;
  save(list: string[]): Result<unknown>;
  inputLabel: string;
  placeholder?: string;
  show?(item: string): string;
}) {
  const { apply, error } = useApply();
  const [text, setText] = useState('');
  return (
    <>
      <ul aria-label={name} className="settings-list">
        {items.map((item) => (
          <li key={item}>
            <span>{show(item)}</span>
            <button type="button" onClick={() => apply(save(items.filter((other) => other !== item)))}>Remove {show(item)}</button>
          </li>
        ))}
      </ul>
      <form className="settings-add" onSubmit={(event) => {
        event.preventDefault();
        const next = add(items, text);
        if (apply(next.ok ? save(next.value) : next)) setText('');
      }}>
        <label>{inputLabel}<input value={text} placeholder={placeholder} onChange={(event) => setText(event.target.value)} /></label>
        <button type="submit">Add</button>
      </form>
      {error}
    </>
  );
}
