/* Service worker of the phone pages (/payroll/site/): keeps the pages visited and their static
   files so that the crew page opens without a signal. The page sends its queue (queue.js) when it
   is open and hears "online"; where the browser has Background Sync, the page also registers a
   sync and this worker sends the queue when the signal returns, even with the page closed. */
'use strict';
const CACHE = 'yiguoji-site-{{ version }}';
const SHELL = [{% for url in shell %}'{{ url|escapejs }}'{% if not forloop.last %}, {% endif %}{% endfor %}];
const SYNC_TAG = 'site-queue';
importScripts('{{ queue|escapejs }}');

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('yiguoji-site-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The page from the network when there is a signal (and kept), else the one kept.
    event.respondWith(
      fetch(request).then((response) => {
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      }).catch(() => caches.match(request, { ignoreSearch: true }).then((kept) => kept || caches.match('{% url "payroll:site_home" %}')))
    );
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((kept) => kept || fetch(request)));
  }
});

/* Background Sync: send what waits; a failure for want of signal (or a server error) rejects, so
   the browser tries again later. The open pages are told to show what came back. */
self.addEventListener('sync', (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(self.SiteQueue.flush('').then((state) => {
    return self.clients.matchAll({ type: 'window' }).then((pages) => {
      pages.forEach((page) => page.postMessage({ type: 'site-queue', state: state }));
      if (state.waiting && state.why !== 'login') throw new Error('site queue: ' + state.why);
    });
  }));
});
