import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from '../store/app-store';
import type { ReplicaHost } from '../host/host';
import type { RepositoryPort } from '../model/repository-port';

export interface AppServices {
  store: AppStore;
  host: ReplicaHost;
  repository: RepositoryPort;
  signOut(): void;
  /** The read-only preview from the first-screen cache, shown while the replica loads. */
  preview?: boolean;
}

export const ServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (services === null) throw new Error('useServices outside <ServicesContext.Provider>.');
  return services;
}

export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useServices().store, selector);
}

/** The store's actions. They never change, so reading them subscribes to nothing (no re-render per keystroke). */
export function useActions(): AppState {
  return useServices().store.getState();
}
