// What every fold of a workspace needs besides a task's own log, read from the
// document alone: the members log (who held which role when) and the config log
// (settings, templates, mutes). Replicas, the relay and the relay's signal intake
// all read the same document, so they all fold the same way.
//
// A document no relay has written members into is used on one device only (Work
// offline): its one person holds every role there. Once a relay manages it, the
// members log decides, for the past too (members.ts: first roles reach back).
import { approvalTypesAt, foldConfig, foldSettingsChanged, type WorkspaceConfig } from '../domain/config';
import { MemberRoster } from '../domain/members';
import { isTaskTemplate } from '../domain/templates';
import type { FoldContext, Role, Stamp, UserId } from '../domain/types';
import type { WorkspaceMaps } from './schema';

export interface ContextChange {
  /** Users whose role history changed: only their events can fold differently. */
  rolesChangedFor: ReadonlySet<UserId>;
  /** A setting the task fold reads changed: every task folds again. */
  foldSettingsChanged: boolean;
  /** Anything in the configuration changed (settings, templates, mutes). */
  configChanged: boolean;
  /** The configuration before and after: fold-impact.ts says which tasks the difference reaches. */
  configBefore: WorkspaceConfig;
  configAfter: WorkspaceConfig;
}

export class WorkspaceContext {
  private rosterCache: MemberRoster;
  private configCache: WorkspaceConfig;
  private readonly listeners = new Set<(change: ContextChange) => void>();

  constructor(private readonly maps: WorkspaceMaps) {
    this.rosterCache = new MemberRoster(maps.members.toArray());
    this.configCache = this.readConfig();
    maps.members.observe(this.onMembers);
    maps.config.observe(this.onConfig);
    maps.legacySettings.observe(this.onConfig);
    maps.legacyTemplates.observe(this.onConfig);
  }

  get roster(): MemberRoster {
    return this.rosterCache;
  }

  get config(): WorkspaceConfig {
    return this.configCache;
  }

  /** The context the task fold runs with, as of now. */
  foldContext(): FoldContext {
    const config = this.configCache;
    return { settings: config.settings, roleAt: this.roleAt, approvalTypesAt: (at) => approvalTypesAt(config, at) };
  }

  readonly roleAt = (user: UserId, at: Stamp): Role | undefined => {
    return this.rosterCache.isEmpty ? 'admin' : this.rosterCache.roleAt(user, at);
  };

  currentRole(user: UserId): Role | undefined {
    return this.rosterCache.isEmpty ? 'admin' : this.rosterCache.currentRole(user);
  }

  subscribe(listener: (change: ContextChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    this.maps.members.unobserve(this.onMembers);
    this.maps.config.unobserve(this.onConfig);
    this.maps.legacySettings.unobserve(this.onConfig);
    this.maps.legacyTemplates.unobserve(this.onConfig);
    this.listeners.clear();
  }

  private readConfig(): WorkspaceConfig {
    const templates = [...this.maps.legacyTemplates.values()].filter(isTaskTemplate);
    return foldConfig({ settings: new Map(this.maps.legacySettings.entries()), templates }, this.maps.config.toArray(), (user, at) => this.roleAt(user, at));
  }

  private emit(change: ContextChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }

  private readonly onMembers = (): void => {
    const previous = this.rosterCache;
    this.rosterCache = new MemberRoster(this.maps.members.toArray());
    // Going from unmanaged (everyone admin) to managed changes everyone's role.
    const everyone = previous.isEmpty !== this.rosterCache.isEmpty;
    const changed = new Set(this.rosterCache.changedUsers(previous));
    // Roles feed the config fold too (who may change settings).
    const before = this.configCache;
    this.configCache = this.readConfig();
    this.emit({
      rolesChangedFor: everyone ? new Set([EVERYONE]) : changed,
      foldSettingsChanged: foldSettingsChanged(before.settings, this.configCache.settings),
      configChanged: true,
      configBefore: before,
      configAfter: this.configCache,
    });
  };

  private readonly onConfig = (): void => {
    const before = this.configCache;
    this.configCache = this.readConfig();
    this.emit({
      rolesChangedFor: new Set(), foldSettingsChanged: foldSettingsChanged(before.settings, this.configCache.settings), configChanged: true,
      configBefore: before, configAfter: this.configCache,
    });
  };
}

/** The wildcard in ContextChange.rolesChangedFor: every author's role changed. */
export const EVERYONE = '*';
