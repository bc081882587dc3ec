// Service worker: keeps the app shell (index.html, the hashed bundle, the
// manifest and icon) in Cache Storage so a reload with no network at all still
// starts the app; the tasks themselves come from IndexedDB, not from here.
//
// - install: fetch the shell, read the bundle's asset URLs out of index.html
//   and cache them all (the first page load happened before we controlled it).
// - navigations: network first (a new build wins), cached shell when offline;
//   the query string (?workspace=...) is ignored for the lookup.
// - /assets/*: content-hashed, so cache first.
// - anything cross-origin (the relay's API and socket) is never touched.
//
// The renderer's tsconfig has no WebWorker lib, so the few types needed are declared here.
interface ExtendableEvent extends Event { waitUntil(promise: Promise<unknown>): void }
interface FetchEvent extends ExtendableEvent { request: Request; respondWith(response: Promise<Response>): void }
interface WorkerScope {
  location: Location;
  registration: { scope: string };
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const scope = self as unknown as WorkerScope;
const CACHE = 'handoff-shell-v1';
const shellUrl = new URL('./', scope.registration.scope).toString();

async function precacheShell(): Promise<void> {
  const cache = await caches.open(CACHE);
  const response = await fetch(shellUrl, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`Could not fetch the app shell (HTTP ${response.status}).`);
  const html = await response.clone().text();
  await cache.put(shellUrl, response);
  const referenced = [...html.matchAll(/(?:src|href)="([^"]+)"/g)]
    .map((match) => new URL(match[1] ?? '', shellUrl))
    .filter((url) => url.origin === scope.location.origin)
    .map((url) => url.toString());
  await cache.addAll([...new Set(referenced)]);
}

scope.addEventListener('install', (event) => {
  event.waitUntil(precacheShell().then(() => scope.skipWaiting()));
});

scope.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await scope.clients.claim();
  })());
});

async function networkFirst(request: Request, cacheKey: string): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(cacheKey, response.clone());
    return response;
  } catch (networkError) {
    const cached = await cache.match(cacheKey, { ignoreSearch: true });
    if (cached) return cached;
    throw networkError;
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.location.origin) return;
  if (request.mode === 'navigate') event.respondWith(networkFirst(request, shellUrl));
  else if (url.pathname.includes('/assets/')) event.respondWith(cacheFirst(request));
  else event.respondWith(networkFirst(request, request.url));
});
