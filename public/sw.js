// Offline support. On the first visit this service worker caches every page and the assets they need;
// afterwards the whole course works without a network. Pages are network-first (a new build shows up as
// soon as you are online), fingerprinted assets cache-first. The precache list and version below are
// filled in at build time (astro.config.mjs, `course-offline` integration).
const VERSION = '__VERSION__';
const PRECACHE = /*__PRECACHE__*/ [];
const CACHE = `course-${VERSION}`;
const SCOPE = new URL(self.registration.scope).pathname;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // One by one, so a single missing file does not abort the install.
      await Promise.all(PRECACHE.map((url) => cache.add(new Request(url, { cache: 'reload' })).catch(() => undefined)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('course-') && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

async function fromCache(request) {
  // ignoreVary: a precached copy must also answer module-script requests, which carry an Origin header.
  return (await caches.match(request, { ignoreVary: true })) ?? (await caches.match(request, { ignoreVary: true, ignoreSearch: true }));
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) (await caches.open(CACHE)).put(request, response.clone()).catch(() => undefined);
    return response;
  } catch (err) {
    const cached = await fromCache(request);
    if (cached) return cached;
    if (request.mode === 'navigate') {
      const url = new URL(request.url);
      const alt = url.pathname.endsWith('/') ? null : await caches.match(url.pathname + '/', { ignoreVary: true });
      return alt ?? (await caches.match(`${SCOPE}404.html`, { ignoreVary: true })) ?? Response.error();
    }
    throw err;
  }
}

async function cacheFirst(request) {
  const cached = await fromCache(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(CACHE)).put(request, response.clone()).catch(() => undefined);
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(SCOPE)) return;
  const path = url.pathname.slice(SCOPE.length);
  // Fingerprinted files never change: cache-first. Pages and Pagefind's unhashed entry files: network-first.
  const fingerprinted = path.startsWith('_astro/') || /^pagefind\/(index|fragment|filter)\//.test(path) || /\.pf_meta$|\.pagefind$/.test(path);
  event.respondWith(fingerprinted ? cacheFirst(request) : networkFirst(request));
});
