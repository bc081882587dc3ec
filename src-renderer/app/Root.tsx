// Boot: a session (from the URL, localStorage or the first-run screen), then the
// host (its local replica loaded), then the repository and the store.
import { useEffect, useRef, useState } from 'react';
import { createRepository } from '../../src-shared/doc/repository';
import { createBrowserHost } from '../host-browser/browser-host';
import type { TaskState } from '../../src-shared/domain/types';
import type { HandoffBridge } from '../../src-shared/protocol/ipc';
import type { Identity, ReplicaHost } from '../host/host';
import { createAppStore } from '../store/app-store';
import { localStoragePendingDismissals } from '../store/pending-dismissals';
import { App } from './App';
import { FirstRun } from './FirstRun';
import {
  clearSession, formFromUrl, loadSession, saveSession, signIn, stripSignInParams, undoMsFromUrl, validateForm, type Session, type SignInForm,
} from './session';
import { ServicesContext, type AppServices } from './store-context';
import { firstScreenKey, previewServices } from './preview';
import { readFirstScreen } from '../store/first-screen-cache';

type Phase =
  | { kind: 'first-run'; form: SignInForm | null; error: string | null; busy: boolean }
  | { kind: 'loading'; session: Session | null }
  | { kind: 'preview'; session: Session | null; services: AppServices }
  | { kind: 'ready'; services: AppServices }
  | { kind: 'failed'; message: string };

function initialPhase(): Phase {
  if (window.handoff) return { kind: 'loading', session: null };
  const fromUrl = formFromUrl(window.location.search);
  if (fromUrl !== null) return { kind: 'first-run', form: fromUrl, error: null, busy: true };
  const session = loadSession();
  return session ? { kind: 'loading', session } : { kind: 'first-run', form: null, error: null, busy: false };
}

/** Tasks to paint (read-only) while the replica loads. */
type OnFirstScreen = (identity: Identity, tasks: TaskState[]) => void;

/**
 * Inside the desktop app main owns the session and the replica (null: nobody is signed
 * in there); in a browser the session picks the host.
 */
async function createHost(session: Session | null, onFirstScreen: OnFirstScreen): Promise<ReplicaHost | null> {
  const bridge = window.handoff ?? null;
  if (bridge) {
    // Loaded only inside the desktop app: the browser never pays for the IPC contract's schemas.
    const { createDesktopHost } = await import('../host-desktop/desktop-host');
    const host = await createDesktopHost(bridge);
    // Main answers the first screen from its SQLite projection before its Y.Doc loads.
    if (host !== null && host.firstScreen.length > 0) onFirstScreen(host.identity, [...host.firstScreen]);
    return host;
  }
  if (session === null) throw new Error('No session to open.');
  return createBrowserHost({
    identity: { workspaceId: session.workspaceId, userId: session.userId, displayName: session.displayName },
    relayUrl: session.relayUrl,
    token: session.token,
  });
}

async function openWorkspace(session: Session | null, signOut: () => void, onFirstScreen: OnFirstScreen): Promise<AppServices | null> {
  // Marks let the cold-load benchmark say where the time goes.
  performance.mark('handoff:host-created');
  const host = await createHost(session, onFirstScreen);
  if (host === null) return null;
  await host.whenLoaded;
  performance.mark('handoff:replica-loaded');
  const { workspaceId, userId } = host.identity;
  const repository = createRepository(host.doc, { actor: userId });
  performance.mark('handoff:folded');
  const store = createAppStore({
    repository,
    me: userId,
    pendingStorage: localStoragePendingDismissals(`handoff:${workspaceId}:${userId}:pending-dismissals`),
    undoMs: undoMsFromUrl(window.location.search),
    shiftEnds: repository.settings().shiftEnds,
  });
  // Compute the list now, so the first frame of the real app is not an empty one.
  store.getState().showSnapshot(repository.view.all());
  return { store, host, repository, signOut };
}

async function desktopSubmit(bridge: HandoffBridge, form: SignInForm): Promise<void> {
  const invalid = validateForm(form);
  if (invalid !== null) throw new Error(invalid);
  const { desktopSignIn } = await import('../host-desktop/desktop-host');
  const displayName = form.displayName.trim();
  await desktopSignIn(bridge, {
    workspaceId: form.workspaceId, displayName, userId: displayName,
    relayUrl: form.offline ? null : form.relayUrl, token: form.offline ? null : form.token.trim(),
  });
}

/** Keep what the operator did in the preview (selection, view, filter) when the real list takes over. */
function carryOver(preview: AppServices, services: AppServices): void {
  const from = preview.store.getState();
  const to = services.store.getState();
  if (from.sort !== to.sort) to.setSort(from.sort);
  if (from.showCompleted !== to.showCompleted) to.setShowCompleted(from.showCompleted);
  if (from.filterText !== '') to.setFilter(from.filterText);
  // The new store opens on the List: its selection first, then the other views' and the view.
  if (from.selectedId !== null) to.select(from.selectedId);
  services.store.setState({ selections: from.selections });
  if (from.view !== to.view) to.setView(from.view);
  void preview.host.destroy();
}

export function Root() {
  const [phase, setPhase] = useState<Phase>(initialPhase);

  const open = useRef<AppServices | null>(null);
  const signOut = () => {
    clearSession();
    const bridge = window.handoff;
    // The desktop: main stops syncing and forgets the sign-in; the workspace file stays.
    const signedOut = bridge ? import('../host-desktop/desktop-host').then(({ desktopSignOut }) => desktopSignOut(bridge)) : Promise.resolve();
    void open.current?.host.destroy();
    open.current = null;
    signedOut.then(() => setPhase({ kind: 'first-run', form: null, error: null, busy: false }),
      (error: unknown) => setPhase({ kind: 'failed', message: `Could not sign out: ${(error as Error).message}` }));
  };

  const submit = (form: SignInForm) => {
    setPhase({ kind: 'first-run', form, error: null, busy: true });
    const bridge = window.handoff;
    // The same form as the browser's; the desktop checks the token in main, the browser here.
    const signedIn = bridge ? desktopSubmit(bridge, form) : signIn(form).then(saveSession);
    signedIn.then(() => {
      stripSignInParams();
      setPhase({ kind: 'loading', session: bridge ? null : loadSession() });
    }, (error: unknown) => {
      stripSignInParams();
      setPhase({ kind: 'first-run', form, error: (error as Error).message, busy: false });
    });
  };

  // A sign-in link connects by itself.
  const autoForm = phase.kind === 'first-run' && phase.busy && phase.error === null ? phase.form : null;
  useEffect(() => {
    if (autoForm !== null) submit(autoForm);
  }, []);

  // The preview keeps the same session object, so this effect (and the load it started) survives it.
  const loadingSession = phase.kind === 'loading' || phase.kind === 'preview' ? phase.session : undefined;
  useEffect(() => {
    if (loadingSession === undefined) return;
    let cancelled = false;
    let preview: AppServices | null = null;
    let ready = false;
    // The cached list shows (read-only) while the replica loads; the replica replaces it.
    const showPreview = (identity: Identity, tasks: TaskState[]) => {
      if (cancelled || ready) return;
      preview = previewServices(identity, tasks, signOut);
      performance.mark('handoff:preview-shown');
      setPhase({ kind: 'preview', session: loadingSession, services: preview });
    };
    if (loadingSession !== null) {
      const identity = { workspaceId: loadingSession.workspaceId, userId: loadingSession.userId, displayName: loadingSession.displayName };
      readFirstScreen(firstScreenKey(identity)).then((tasks) => {
        if (tasks !== null && tasks.length > 0) showPreview(identity, tasks);
      }, (error: unknown) => console.warn('Handoff: no first-screen cache:', error));
    }
    openWorkspace(loadingSession, signOut, showPreview).then((services) => {
      ready = true;
      if (services === null) return void setPhase({ kind: 'first-run', form: null, error: null, busy: false });
      if (cancelled) return void services.host.destroy();
      open.current = services;
      if (preview !== null) carryOver(preview, services);
      performance.mark('handoff:ready');
      setPhase({ kind: 'ready', services });
    }, (error: unknown) => {
      if (!cancelled) setPhase({ kind: 'failed', message: `Could not open the local replica: ${(error as Error).message}` });
    });
    return () => { cancelled = true; };
  }, [loadingSession]);

  switch (phase.kind) {
    case 'first-run':
      return <FirstRun initial={phase.form} error={phase.error} busy={phase.busy} onSubmit={submit} />;
    case 'loading':
      return <main className="boot" aria-busy="true"><p>Opening {phase.session?.workspaceId ?? 'your workspace'}…</p></main>;
    case 'failed':
      return <main className="boot"><p role="alert">{phase.message}</p></main>;
    case 'preview':
    case 'ready':
      return (
        <ServicesContext.Provider value={phase.services}>
          <App />
        </ServicesContext.Provider>
      );
  }
}
