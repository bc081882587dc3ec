// The desktop app's state over its lifetime: signed out (the first-run screen),
// or signed in to one workspace (a DesktopSession). Signing in to another
// workspace or as another user closes the current session (flushing its SQLite
// file) and opens that workspace's own file; signing out closes the session and
// forgets the sign-in, keeping the file, so signing in again finds every local
// change. Plain Node: the Electron glue (electron/main.ts) persists the settings,
// shows the window and wires notifications' clicks to `noticeClicked`.
import type { InvokeInput, InvokeOutput, IpcHandlers } from '../../src-shared/protocol/ipc';
import { relayHttpBase } from '../../src-shared/protocol/relay-api';
import type { AppChannel, SessionHandlers } from '../ipc/handlers';
import type { DueNotice } from '../notifications/due-notifier';
import type { Settings } from '../settings/app-settings';
import { tokenOwner } from '../sync/sign-in-check';
import { DesktopSession, type DesktopSessionDeps } from './desktop-session';

export interface DesktopAppDeps extends Omit<DesktopSessionDeps, 'settings'> {
  /** The stored sign-in; null on first run and after signing out. */
  settings: Settings | null;
  /** Persists the sign-in (null: forget it). */
  saveSettings(settings: Settings | null): void;
  /** Brings the window to the front (creating it if needed). */
  showWindow(): void;
  /** Who the relay says the token is (default: its members API); null when unreachable. */
  tokenOwner?(relayHttpBase: string, workspaceId: string, token: string): Promise<string | null>;
}

const notSignedIn = () => {
  throw new Error('not signed in: sign in first');
};

/** What a window gets while nobody is signed in: hello says so, everything else refuses. */
const SIGNED_OUT: SessionHandlers = {
  'replica:hello': () => ({
    identity: null,
    connection: { state: 'signed_out', unacknowledged: 0, reason: 'not signed in' },
    recovery: null,
    overdueCount: 0,
  }),
  'replica:message': notSignedIn,
  'tasks:first-screen': notSignedIn,
  'refusals:get': notSignedIn,
  'refusals:dismiss': notSignedIn,
  'archive:search': notSignedIn,
  'archive:task': notSignedIn,
  'archive:post-events': notSignedIn,
};

export class DesktopApp {
  private current: DesktopSession | null = null;
  private settings: Settings | null;
  private readonly appHandlers: Pick<IpcHandlers, AppChannel> = {
    'session:sign-in': (input) => this.signIn(input),
    'session:sign-out': () => {
      this.signOut();
      return null;
    },
  };
  private currentHandlers: IpcHandlers;

  constructor(private readonly deps: DesktopAppDeps) {
    this.settings = deps.settings;
    if (deps.settings) this.current = this.open(deps.settings);
    this.currentHandlers = this.compose();
  }

  /** The signed-in session, or null on the first-run screen. */
  get session(): DesktopSession | null {
    return this.current;
  }

  /** The handlers for the current state (ipc-main.ts asks on every call). */
  handlers(): IpcHandlers {
    return this.currentHandlers;
  }

  /**
   * Online, the relay says who the token is (input.userId, the display name, stands in
   * while it cannot be reached); a refused token leaves everything as it was.
   */
  async signIn(input: InvokeInput<'session:sign-in'>): Promise<InvokeOutput<'session:sign-in'>> {
    const relayUrl = input.relayUrl === null || input.token === null ? null : relayHttpBase(input.relayUrl);
    const token = relayUrl === null ? null : input.token;
    const owner = relayUrl !== null && token !== null
      ? await (this.deps.tokenOwner ?? tokenOwner)(relayUrl, input.workspaceId, token)
      : null;
    const settings: Settings = {
      workspaceId: input.workspaceId,
      userId: owner ?? input.userId,
      displayName: input.displayName,
      relayUrl,
      token,
      syncEnabled: true,
    };
    this.current?.close();
    this.current = null;
    try {
      this.current = this.open(settings);
    } catch (error) {
      // The other workspace's file could not be opened: stay where we were.
      if (this.settings) this.current = this.open(this.settings);
      this.currentHandlers = this.compose();
      throw error;
    }
    this.settings = settings;
    this.deps.saveSettings(settings);
    this.currentHandlers = this.compose();
    return { connection: this.current.connection() };
  }

  /** Stops sync and forgets the sign-in; the workspace's file stays on disk. */
  signOut(): void {
    this.current?.close();
    this.current = null;
    this.settings = null;
    this.deps.saveSettings(null);
    this.currentHandlers = this.compose();
    this.deps.onOverdueCount(0);
  }

  /** The operator clicked a due/overdue notification: show the window on that task. */
  noticeClicked(notice: DueNotice): void {
    this.deps.showWindow();
    if (notice.taskId !== null) this.deps.broadcast('task:open', { taskId: notice.taskId });
  }

  close(): void {
    this.current?.close();
    this.current = null;
  }

  private open(settings: Settings): DesktopSession {
    return new DesktopSession({ ...this.deps, settings });
  }

  private compose(): IpcHandlers {
    return { ...(this.current?.handlers ?? SIGNED_OUT), ...this.appHandlers };
  }
}
