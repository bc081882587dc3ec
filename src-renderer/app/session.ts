// Who is signed in to which workspace, from the first-run screen or the URL
// (`?workspace=W&relay=URL&token=T&name=N`). Kept in localStorage so a reload
// (even with no network) reopens the same workspace without asking again.
import { WORKSPACE_ID_PATTERN } from '../../src-shared/protocol/relay-api';
import { fetchMembers } from '../host-browser/members-cache';

export interface Session {
  workspaceId: string;
  displayName: string;
  userId: string;
  /** Null: work offline, no relay. */
  relayUrl: string | null;
  token: string | null;
}

export interface SignInForm {
  displayName: string;
  workspaceId: string;
  relayUrl: string;
  token: string;
  offline: boolean;
}

const KEY = 'handoff:session';

export function loadSession(): Session | null {
  const raw = window.localStorage.getItem(KEY);
  if (raw === null) return null;
  const value = JSON.parse(raw) as Partial<Session>;
  if (typeof value.workspaceId !== 'string' || typeof value.userId !== 'string') return null;
  return {
    workspaceId: value.workspaceId,
    userId: value.userId,
    displayName: typeof value.displayName === 'string' ? value.displayName : value.userId,
    relayUrl: typeof value.relayUrl === 'string' ? value.relayUrl : null,
    token: typeof value.token === 'string' ? value.token : null,
  };
}

export function saveSession(session: Session): void {
  window.localStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  window.localStorage.removeItem(KEY);
}

/** The sign-in the URL asks for, if it names a workspace. */
export function formFromUrl(search: string): SignInForm | null {
  const params = new URLSearchParams(search);
  const workspaceId = params.get('workspace');
  if (!workspaceId) return null;
  const relayUrl = params.get('relay') ?? '';
  return {
    workspaceId,
    relayUrl,
    token: params.get('token') ?? '',
    displayName: params.get('name') ?? '',
    offline: relayUrl === '',
  };
}

/** Remove the sign-in parameters (the token above all) from the address bar and history. */
export function stripSignInParams(): void {
  const url = new URL(window.location.href);
  for (const key of ['workspace', 'relay', 'token', 'name']) url.searchParams.delete(key);
  window.history.replaceState(null, '', url.toString());
}

export function validateForm(form: SignInForm): string | null {
  if (form.displayName.trim() === '') return 'Enter your display name.';
  if (!WORKSPACE_ID_PATTERN.test(form.workspaceId) || form.workspaceId.includes('..')) {
    return 'The workspace id may use letters, digits, ".", "_" and "-".';
  }
  if (form.offline) return null;
  try {
    const url = new URL(form.relayUrl);
    if (!['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol)) return 'The relay URL must start with ws://, wss://, http:// or https://.';
  } catch {
    return 'The relay URL is not a valid URL.';
  }
  if (form.token.trim() === '') return 'Enter the token your lead gave you, or choose "Work offline".';
  return null;
}

/**
 * Turn the form into a session. Online, the relay says who the token belongs
 * to (that user id is the actor of every event); if the relay cannot be reached
 * the display name stands in until it can. A refused token is an error.
 */
export async function signIn(form: SignInForm): Promise<Session> {
  const invalid = validateForm(form);
  if (invalid !== null) throw new Error(invalid);
  const displayName = form.displayName.trim();
  if (form.offline) {
    return { workspaceId: form.workspaceId, displayName, userId: displayName, relayUrl: null, token: null };
  }
  let userId = displayName;
  try {
    const answer = await fetchMembers(form.relayUrl, form.workspaceId, form.token.trim());
    if (answer.me) userId = answer.me.userId;
  } catch (error) {
    if (error instanceof Error && /refused/.test(error.message)) throw new Error(`${error.message} Check the token and workspace.`);
    // Unreachable relay: sign in offline-capable with the display name as the id.
  }
  return { workspaceId: form.workspaceId, displayName, userId, relayUrl: form.relayUrl, token: form.token.trim() };
}

/** Test knob (documented in README): `?undoMs=N` shortens the dismiss undo window. */
export function undoMsFromUrl(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('undoMs');
  if (raw === null) return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 && value <= 60_000 ? value : undefined;
}
