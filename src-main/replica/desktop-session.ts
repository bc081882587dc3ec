// What the desktop app runs while signed in to one workspace: main's replica
// (store, fold, projection, sync), one doc-sync peer per renderer, the IPC
// handlers, and the due-time notifier. Plain Node: the Electron glue gives it
// ways to send to renderers, show notifications and persist settings.
import path from 'node:path';
import type { EventChannel, EventPayload, IpcHandlers } from '../../src-shared/protocol/ipc';
import { DocSyncPeer } from '../ipc/doc-sync-peer';
import { createHandlers, type Session } from '../ipc/handlers';
import { DueNotifier, type DueNotice } from '../notifications/due-notifier';
import type { Settings } from '../settings/app-settings';
import type { ConnectionState } from '../sync/sync-client';
import { WorkspaceReplica } from './workspace-replica';

export interface DesktopSessionDeps {
  /** Folder holding one SQLite file per workspace. */
  workspacesDir: string;
  settings: Settings;
  nativeBinding?: string;
  saveSettings(settings: Settings): void;
  saveExport(suggestedName: string, contents: string): Promise<string | null>;
  /** Sends an event to every renderer. */
  broadcast<E extends EventChannel>(channel: E, payload: EventPayload<E>): void;
  /** Sends a replica message to one renderer. */
  sendReplicaMessage(webContentsId: number, message: Uint8Array): void;
  notify(notice: DueNotice): void;
  onOverdueCount(count: number): void;
  now?: () => Date;
}

const CHECK_EVERY_MS = 30_000;

export function workspaceFile(dir: string, workspaceId: string, userId: string): string {
  // One file per workspace and user: two operators sharing a machine never share a replica.
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');
  return path.join(dir, `${safe(workspaceId)}--${safe(userId)}.sqlite`);
}

export class DesktopSession {
  readonly replica: WorkspaceReplica;
  readonly handlers: IpcHandlers;
  private settings: Settings;
  private readonly peers = new Map<number, DocSyncPeer>();
  private readonly notifier: DueNotifier;
  private readonly timer: NodeJS.Timeout;
  private checkQueued: NodeJS.Timeout | null = null;
  private readonly unsubscribes: (() => void)[] = [];
  private readonly now: () => Date;

  constructor(private readonly deps: DesktopSessionDeps) {
    this.settings = deps.settings;
    this.now = deps.now ?? (() => new Date());
    const { workspaceId, userId, relayUrl, token, syncEnabled } = deps.settings;
    this.replica = WorkspaceReplica.open({
      file: workspaceFile(deps.workspacesDir, workspaceId, userId),
      workspaceId,
      userId,
      relay: relayUrl && token && syncEnabled ? { url: relayUrl, token } : null,
      ...(deps.nativeBinding ? { nativeBinding: deps.nativeBinding } : {}),
    });
    const session = (): Session => ({
      replica: this.replica,
      identity: { workspaceId, userId, displayName: this.settings.displayName },
      recovery: this.replica.store.recoveryMessage(),
    });
    this.handlers = createHandlers({
      session,
      peerFor: (id) => this.peerFor(id),
      saveExport: deps.saveExport,
      signIn: async (input) => this.signIn(input),
      setSyncEnabled: (enabled) => {
        this.settings = { ...this.settings, syncEnabled: enabled };
        deps.saveSettings(this.settings);
        return this.replica.setSyncEnabled(enabled);
      },
      now: this.now,
    });
    this.unsubscribes.push(
      this.replica.onConnection((state) => {
        deps.broadcast('connection:state', state);
        // Roles feed the fold: pick up membership changes whenever we are back online.
        if (state.state === 'online' && this.now().getTime() - this.membersFetchedAt > 60_000) this.refreshMembers();
      }),
    );
    this.unsubscribes.push(this.replica.repository.view.subscribe(() => this.queueCheck()));
    this.notifier = new DueNotifier(this.replica.queries, userId, deps.notify);
    this.timer = setInterval(() => this.checkDue(), CHECK_EVERY_MS);
    this.checkDue();
    if (this.replica.options.relay) this.refreshMembers();
  }

  private membersFetchedAt = 0;

  private refreshMembers(): void {
    this.membersFetchedAt = this.now().getTime();
    // Offline or refused: the cached list stays in use; say why in the log.
    this.replica.refreshMembers().catch((error: Error) => console.warn(`members not refreshed: ${error.message}`));
  }

  peerFor(webContentsId: number): DocSyncPeer {
    let peer = this.peers.get(webContentsId);
    if (!peer) {
      peer = new DocSyncPeer(this.replica.doc, this.replica.awareness, (m) => this.deps.sendReplicaMessage(webContentsId, m));
      this.peers.set(webContentsId, peer);
      peer.start();
    }
    return peer;
  }

  /** A renderer went away (closed, reloaded, crashed): drop its peer and presence. */
  dropPeer(webContentsId: number): void {
    this.peers.get(webContentsId)?.destroy();
    this.peers.delete(webContentsId);
  }

  async signIn(input: { relayUrl: string; token: string; displayName: string; userId: string; workspaceId: string }): Promise<ConnectionState> {
    if (input.workspaceId !== this.settings.workspaceId || input.userId !== this.settings.userId) {
      throw new Error('switching workspace or user needs a restart of the session; sign out first');
    }
    this.settings = { ...this.settings, relayUrl: input.relayUrl, token: input.token, displayName: input.displayName, syncEnabled: true };
    this.deps.saveSettings(this.settings);
    this.replica.options.relay = { url: input.relayUrl, token: input.token };
    this.replica.connect({ url: input.relayUrl, token: input.token });
    await this.replica.refreshMembers();
    return this.replica.connection;
  }

  checkDue(): void {
    const { overdueCount } = this.notifier.check(this.now());
    this.deps.onOverdueCount(overdueCount);
    this.deps.broadcast('tasks:overdue-count', { count: overdueCount });
  }

  close(): void {
    clearInterval(this.timer);
    if (this.checkQueued) clearTimeout(this.checkQueued);
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    for (const id of [...this.peers.keys()]) this.dropPeer(id);
    this.replica.close();
  }

  private queueCheck(): void {
    if (this.checkQueued) return;
    this.checkQueued = setTimeout(() => {
      this.checkQueued = null;
      this.checkDue();
    }, 1_000);
  }
}
