// Suggestions: how long an untouched suggestion lives, the per-type confidence
// above which a signal becomes a task without review (off by default), and the
// muted signal sources with Unmute.
import { useMemo, useState } from 'react';
import { SuggestionQueue } from '../../../src-shared/doc/suggestion-queue';
import { parseExpiryHours, setThreshold } from '../../../src-shared/domain/config-edit';
import { useApp, useServices } from '../../app/store-context';
import { Section, useApply } from './common';
import { useLabels } from '../use-labels';

function ThresholdField({ type, value, onSave }: { type: string; value: number | undefined; onSave(text: string): void }) {
  const shown = value === undefined ? '' : String(Math.round(value * 10_000) / 100);
  const [text, setText] = useState(shown);
  const commit = () => { if (text.trim() !== shown) onSave(text); };
  const labels = useLabels();
  return (
    <label className="inline-label">Auto-approve {labels.list(type)} at (%)
      <input inputMode="decimal" value={text} placeholder="off" onChange={(event) => setText(event.target.value)} onBlur={commit}
        onKeyDown={(event) => { if (event.key === 'Enter') { event.preventDefault(); commit(); } }} />
    </label>
  );
}

function ExpiryForm({ hours, onSave }: { hours: number; onSave(text: string): void }) {
  const [text, setText] = useState(String(hours));
  return (
    <form className="settings-add" onSubmit={(event) => { event.preventDefault(); onSave(text); }}>
      <label>Suggestion expiry (hours)<input inputMode="decimal" value={text} onChange={(event) => setText(event.target.value)} /></label>
      <button type="submit">Save expiry</button>
    </form>
  );
}

export function SuggestionsSection() {
  const { repository } = useServices();
  const config = useApp((state) => state.config);
  const queue = useMemo(() => new SuggestionQueue(repository), [repository]);
  const { apply, error } = useApply();
  const thresholds = config.settings.autoApproveThresholds;
  const mutes = [...config.mutes.values()];
  return (
    <Section title="Suggestions">
      {/* Keyed by the value: a change from another replica replaces what is shown. */}
      <ExpiryForm key={config.settings.suggestionExpiryHours} hours={config.settings.suggestionExpiryHours} onSave={(text) => {
        const parsed = parseExpiryHours(text);
        apply(parsed.ok ? repository.updateSettings({ suggestionExpiryHours: parsed.value }) : parsed);
      }} />
      <h3>Auto-approve</h3>
      <p className="muted">A suggestion of this type at or above this confidence becomes a task without review. Empty: off.</p>
      <div className="settings-grid">
        {config.settings.taskTypes.map((type) => (
          <ThresholdField key={`${type}:${thresholds[type] ?? ''}`} type={type} value={thresholds[type]} onSave={(text) => {
            const next = setThreshold(repository.settings().autoApproveThresholds, type, text);
            apply(next.ok ? repository.updateSettings({ autoApproveThresholds: next.value }) : next);
          }} />
        ))}
      </div>
      <h3>Muted sources</h3>
      {mutes.length === 0 ? <p className="muted">No signal source is muted.</p> : (
        <ul aria-label="Muted sources" className="settings-list">
          {mutes.map((mute) => {
            const what = `${mute.source}${mute.link ? ` for ${mute.link.kind} ${mute.link.id}` : ''}`;
            return (
              <li key={mute.key}><span>{what}</span>
                <button type="button" onClick={() => apply(queue.unmute(mute.key))}>Unmute {what}</button>
              </li>
            );
          })}
        </ul>
      )}
      {error}
    </Section>
  );
}
