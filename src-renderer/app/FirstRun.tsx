// First run: display name, workspace, relay URL and token, or "Work offline".
import { useState, type FormEvent } from 'react';
import type { SignInForm } from './session';

interface Props {
  initial: SignInForm | null;
  error: string | null;
  busy: boolean;
  onSubmit(form: SignInForm): void;
}

export function FirstRun({ initial, error, busy, onSubmit }: Props) {
  const [form, setForm] = useState<SignInForm>(initial ?? {
    displayName: '', workspaceId: '', relayUrl: '', token: '', offline: false,
  });
  const field = (key: 'displayName' | 'workspaceId' | 'relayUrl' | 'token') =>
    ({ value: form[key], onChange: (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value }) });
  const submit = (offline: boolean) => (event?: FormEvent) => {
    event?.preventDefault();
    onSubmit({ ...form, offline });
  };

  return (
    <main className="first-run">
      <form aria-labelledby="first-run-title" onSubmit={submit(false)}>
        <h1 id="first-run-title">Welcome to Handoff</h1>
        <p>Your tasks live on this device and sync with your team's relay when there is a network.</p>
        <label>Display name<input autoFocus required {...field('displayName')} /></label>
        <label>Workspace<input required {...field('workspaceId')} /></label>
        <label>Relay URL<input placeholder="wss://relay.example.com" {...field('relayUrl')} /></label>
        <label>Token<input type="password" autoComplete="off" {...field('token')} /></label>
        {error !== null && <p role="alert" className="error">{error}</p>}
        <div className="actions">
          <button type="submit" disabled={busy}>{busy ? 'Connecting…' : 'Connect'}</button>
          <button type="button" disabled={busy} onClick={() => submit(true)()}>Work offline</button>
        </div>
      </form>
    </main>
  );
}
