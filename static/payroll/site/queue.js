/* The phone's queue of attendance entries (IndexedDB), shared by the phone pages and the
   service worker (which imports it to send on Background Sync where the browser has it).
   self.SiteQueue: add(entry), pending(), results(), flush(csrf) -> {answered, waiting, why}.
   An entry stays in "outbox" until the server answers it (stored, partly or refused); only then
   does it move to "results". A lost answer means the entry is sent again: the server stores an
   entry id once (payroll.services.site). */
(function () {
  'use strict';
  const DB_NAME = 'yiguoji-site';
  const KEEP_RESULTS = 30;

  function open() {
    return new Promise(function (resolve, reject) {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        const db = request.result;
        db.createObjectStore('outbox', { keyPath: 'id' });
        db.createObjectStore('results', { keyPath: 'id' });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        const tx = db.transaction(store, mode);
        const result = work(tx.objectStore(store));
        tx.oncomplete = function () { db.close(); resolve(result && 'result' in result ? result.result : result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
        tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all(store) {
    return run(store, 'readonly', function (s) { return s.getAll(); }).then(function (rows) {
      return rows.sort(function (a, b) { return a.created < b.created ? -1 : 1; });
    });
  }

  function newId() {
    if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, function (x) { return x.toString(16).padStart(2, '0'); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function add(entry) {
    entry.id = entry.id || newId();   // entry.csrf: the page's token, for the service worker
    entry.created = entry.created || new Date().toISOString();
    return run('outbox', 'readwrite', function (s) { s.put(entry); }).then(function () { return entry; });
  }

  function keepResult(entry, answer) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        const tx = db.transaction(['outbox', 'results'], 'readwrite');
        tx.objectStore('outbox').delete(entry.id);
        tx.objectStore('results').put({
          id: entry.id, created: entry.created, answered: new Date().toISOString(),
          projectName: entry.projectName, date: entry.date, count: Object.keys(entry.marks).length,
          answer: answer,
        });
        tx.oncomplete = function () { db.close(); resolve(); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    }).then(trimResults);
  }

  function trimResults() {
    return all('results').then(function (rows) {
      const old = rows.slice(0, Math.max(0, rows.length - KEEP_RESULTS));
      if (!old.length) return;
      return run('results', 'readwrite', function (s) { old.forEach(function (r) { s.delete(r.id); }); });
    });
  }

  function form(entry) {
    const data = new FormData();
    data.append('entry_id', entry.id);
    data.append('date', entry.date);
    data.append('marked_at', entry.markedAt);
    data.append('marks', JSON.stringify(entry.marks));
    if (entry.position) {
      data.append('latitude', entry.position.latitude.toFixed(6));
      data.append('longitude', entry.position.longitude.toFixed(6));
      if (entry.position.accuracy != null) data.append('accuracy', String(Math.round(entry.position.accuracy)));
    }
    if (entry.photo) data.append('photo', entry.photo, 'photo.jpg');
    return data;
  }

  /* Send one entry. Resolves to 'answered' (kept in results), or a reason to keep waiting. */
  function send(entry, csrf) {
    return fetch(entry.post, {
      method: 'POST', body: form(entry), credentials: 'same-origin', redirect: 'manual',
      headers: { 'X-CSRFToken': entry.csrf || csrf, 'Accept': 'application/json' },
    }).then(function (response) {
      const type = response.headers.get('Content-Type') || '';
      if (response.type === 'opaqueredirect' || response.status === 0) return 'login';
      if (type.indexOf('application/json') !== -1 && (response.ok || response.status === 400 || response.status === 413)) {
        return response.json().then(function (answer) {
          return keepResult(entry, answer).then(function () { return 'answered'; });
        });
      }
      if (response.status === 403 || response.status === 404) {
        return keepResult(entry, { outcome: 'refused', outcome_label: '未记入',
          error: response.status === 404 ? '该项目不在您的范围内' : '您没有记录考勤的权限（或登录已失效，请重新登录）' })
          .then(function () { return 'answered'; });
      }
      return 'server';
    }, function () { return 'offline'; });
  }

  /* One sender at a time across the page and the service worker (Web Locks where present):
     each reads the outbox afresh, so an entry answered by one is not sent by the other. */
  function exclusive(work) {
    if (self.navigator && navigator.locks) return navigator.locks.request('yiguoji-site-queue', work);
    return work();
  }

  function sendAll(csrf) {
    return all('outbox').then(function (entries) {
      let chain = Promise.resolve({ answered: 0, waiting: 0, why: '' });
      entries.forEach(function (entry) {
        chain = chain.then(function (state) {
          if (state.why === 'offline' || state.why === 'login') { state.waiting += 1; return state; }
          return send(entry, csrf).then(function (how) {
            if (how === 'answered') state.answered += 1; else { state.waiting += 1; state.why = how; }
            return state;
          });
        });
      });
      return chain;
    });
  }

  let flushing = null;
  function flush(csrf) {
    if (flushing) return flushing;
    flushing = exclusive(function () { return sendAll(csrf); }).finally(function () { flushing = null; });
    return flushing;
  }

  self.SiteQueue = {
    add: add, flush: flush, newId: newId,
    pending: function () { return all('outbox'); },
    results: function () { return all('results'); },
  };
})();
