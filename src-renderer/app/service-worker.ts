// Registers the shell-caching service worker (browser host only: Electron
// loads the bundle from disk and has nothing to cache). Failure to register
// only costs offline reloads, so it is reported, not thrown.
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || location.protocol !== 'http:' && location.protocol !== 'https:') return;
  navigator.serviceWorker.register('./sw.js').catch((error: unknown) => {
    console.warn('Handoff: the offline app shell is unavailable:', error);
  });
}
