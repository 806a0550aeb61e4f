// Hearth's service worker: the app shell for offline use, and the last pages a person read.
// Pages are kept only when the server marks them (X-Hearth-Offline: keep) and forgotten when
// nobody is signed in or the person's offline epoch changes (something may be hidden now).
const STATIC = "hearth-static-__VERSION__";
const PAGES = "hearth-pages";
const META = "hearth-meta";
const OFFLINE = "{{ offline_url|escapejs }}";
const STATE = "{{ state_url|escapejs }}";
const STATIC_PREFIX = "{{ static_url|escapejs }}";
const KEEP = {{ keep_pages }};
const PRECACHE = [{% for url in precache %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const CHECK_EVERY_MS = 30000;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith("hearth-static-") && n !== STATIC).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

async function forget() {
  await caches.delete(PAGES);
  await caches.delete(META);
}

let checkedAt = 0;
async function check(force) {
  if (!force && Date.now() - checkedAt < CHECK_EVERY_MS) return true;
  checkedAt = Date.now();
  const answer = await fetch(STATE, { credentials: "same-origin", cache: "no-store" });
  const state = await answer.json();
  const meta = await caches.open(META);
  const kept = await meta.match("epoch");
  const known = kept ? await kept.text() : null;
  if (!state.signed_in || known !== state.epoch) {
    await caches.delete(PAGES);
    if (!state.signed_in) { await caches.delete(META); return false; }
    await meta.put("epoch", new Response(state.epoch));
  }
  return true;
}

async function keep(url, response) {
  if (!(await check(false))) return;
  const cache = await caches.open(PAGES);
  await cache.put(url, response);
  const urls = await cache.keys();
  for (const old of urls.slice(0, Math.max(0, urls.length - KEEP))) await cache.delete(old);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        if (response.ok && !response.redirected && response.headers.get("X-Hearth-Offline") === "keep") {
          event.waitUntil(keep(url.href, response.clone()).catch(() => {}));
        } else {
          event.waitUntil(check(false).catch(() => {}));
        }
        return response;
      } catch (offline) {
        const pages = await caches.open(PAGES);
        return (await pages.match(url.href)) || (await caches.match(OFFLINE)) || Response.error();
      }
    })());
  } else if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});

self.addEventListener("message", (event) => {
  if (event.data === "forget") event.waitUntil(forget());
  if (event.data === "check") event.waitUntil(check(true).catch(() => {}));
});

// Web Push: a message says what its notification says; opening it goes where it leads.
self.addEventListener("push", (event) => {
  let message = {};
  try { message = event.data ? event.data.json() : {}; } catch (unreadable) { message = {}; }
  event.waitUntil(self.registration.showNotification(message.title || "Hearth", {
    body: message.body || "",
    tag: message.tag,
    icon: PRECACHE.find((url) => url.endsWith("icon-192.png")),
    data: { url: message.url || "/" },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data.url, self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(self.clients.openWindow(target.href));
});
