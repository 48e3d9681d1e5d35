/* The foreman's crew page and the phone home page (templates/payroll/site/). No inline script:
   everything is read from data- attributes. Marks, photo, position and time go into the queue
   (queue.js) and are sent when there is a signal. */
(function () {
  'use strict';
  const Q = window.SiteQueue;
  const MAX_SIDE = 1280;     // the photo is scaled down on the phone: about 150-300 KB
  const QUALITY = 0.72;

  if ('serviceWorker' in navigator && document.body.dataset.sw) {
    navigator.serviceWorker.register(document.body.dataset.sw).catch(function () {});
  }

  const root = document.querySelector('[data-site]');
  const outbox = document.querySelector('[data-outbox]');
  const resultsList = document.querySelector('[data-results]');
  const signal = document.querySelector('[data-signal]');
  const csrf = root ? root.dataset.csrf : '';
  let position = null;
  let photo = Promise.resolve(null);   // the scaled photo, once the canvas has encoded it

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function localDate(d) {
    const pad = function (n) { return String(n).padStart(2, '0'); };
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  }

  function shortDate(iso) {
    const p = iso.split('-');
    return Number(p[1]) + '月' + Number(p[2]) + '日';
  }

  /* --- What waits and what came back ------------------------------------------------------ */
  function render() {
    return Promise.all([Q.pending(), Q.results()]).then(function (both) {
      const pending = both[0];
      const results = both[1].slice().reverse();
      const section = document.querySelector('[data-queue]');
      if (section) section.hidden = !pending.length && !(resultsList && results.length);
      if (outbox) {
        outbox.replaceChildren();
        pending.forEach(function (entry) {
          const li = el('li', 'waiting');
          li.append(el('strong', null, '等待发送'), el('span', null,
            entry.projectName + ' ' + shortDate(entry.date) + ' · ' + Object.keys(entry.marks).length + '人' +
            (entry.photo ? ' · 含照片' : '')));
          outbox.append(li);
        });
      }
      if (resultsList) {
        resultsList.replaceChildren();
        results.forEach(function (r) {
          const a = r.answer || {};
          const refused = (a.refused || []);
          const kind = a.error ? 'refused' : (a.outcome || 'stored');
          const li = el('li', kind);
          li.append(el('strong', null, a.error ? '未记入' : (a.outcome_label || '已发送')));
          li.append(el('span', null, r.projectName + ' ' + shortDate(r.date) +
            (a.recorded ? ' · 已记入' + a.recorded.length + '人' : '') + (a.replay ? '（重复发送，已按第一次记录）' : '')));
          if (a.error) li.append(el('p', 'reason', a.error));
          if (a.reason && !refused.length) li.append(el('p', 'reason', a.reason));
          refused.forEach(function (x) { li.append(el('p', 'reason', x.reason || (x.name + '：未记入'))); });
          resultsList.append(li);
        });
      }
      return pending.length;
    });
  }

  function say(text, kind) {
    if (!signal) return;
    signal.textContent = text;
    signal.className = 'signal ' + (kind || '');
  }

  function flush() {
    if (!navigator.onLine) {
      return render().then(function (waiting) {
        say(waiting ? '无信号：' + waiting + '条记录保存在手机上，有信号后自动发送' : '无信号：可以照常记录，有信号后自动发送', 'off');
      });
    }
    return Q.flush(csrf).then(function (state) {
      return render().then(function () {
        if (state.why === 'login') say('登录已失效：请重新登录，' + state.waiting + '条记录仍在手机上', 'off');
        else if (state.waiting) say(state.waiting + '条记录等待发送（' + (state.why === 'server' ? '服务器暂时无法处理' : '信号不好') + '）', 'off');
        else if (state.answered) say('已发送' + state.answered + '条记录', 'on');
        else say('有信号', 'on');
      });
    });
  }

  /* Background Sync where the browser has it (the service worker sends, even with this page
     closed); the page's own sending on "online" below stays as the fallback. */
  function registerSync() {
    if (!('serviceWorker' in navigator) || !('SyncManager' in window)) return Promise.resolve(false);
    return navigator.serviceWorker.ready
      .then(function (registration) { return registration.sync.register('site-queue'); })
      .then(function () { document.body.dataset.sync = 'registered'; return true; },
        function () { document.body.dataset.sync = 'refused'; return false; });
  }
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('message', function (event) {
      if (event.data && event.data.type === 'site-queue') flush();
    });
  }

  window.addEventListener('online', flush);
  window.addEventListener('offline', flush);
  setInterval(function () { Q.pending().then(function (p) { if (p.length && navigator.onLine) flush(); }); }, 30000);

  if (!root || !root.querySelector('[data-save]')) { flush(); return; }

  /* --- The crew page ---------------------------------------------------------------------- */
  const members = Array.prototype.slice.call(root.querySelectorAll('[data-worker]'));
  const save = root.querySelector('[data-save]');
  const count = root.querySelector('[data-count]');
  const place = root.querySelector('[data-place]');
  const preview = root.querySelector('[data-preview]');
  const today = root.parentNode.querySelector('[data-today]');
  if (today) today.textContent = shortDate(localDate(new Date()));

  function chosen(member) {
    const on = member.querySelector('[aria-checked="true"]');
    return on ? on.dataset.amount : null;
  }

  function refresh() {
    const marked = members.filter(chosen).length;
    count.textContent = '已标记 ' + marked + ' / ' + members.length + ' 人';
    save.disabled = marked === 0;
  }

  function choose(button) {
    button.parentNode.querySelectorAll('[data-amount]').forEach(function (b) {
      b.setAttribute('aria-checked', b === button ? 'true' : 'false');
    });
    refresh();
  }

  root.addEventListener('click', function (event) {
    const mark = event.target.closest('[data-amount]');
    if (mark) { choose(mark); return; }
    if (event.target.closest('[data-all]')) {
      members.forEach(function (m) { choose(m.querySelector('[data-amount="1"]')); });
    }
  });

  function locate() {
    if (!navigator.geolocation) { place.textContent = '手机不支持定位'; return; }
    navigator.geolocation.getCurrentPosition(function (p) {
      position = { latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy };
      place.textContent = '已定位：' + position.latitude.toFixed(5) + ', ' + position.longitude.toFixed(5) +
        '（误差约' + Math.round(position.accuracy) + '米）';
      place.className = 'place ok';
    }, function () {
      place.textContent = '未能定位（请在手机设置中允许定位）；记录仍可保存';
      place.className = 'place warn';
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 120000 });
  }
  locate();

  root.querySelector('[data-photo]').addEventListener('change', function (event) {
    const file = event.target.files && event.target.files[0];
    if (!file) return;
    photo = createImageBitmap(file).then(function (bitmap) {
      const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      preview.width = Math.round(bitmap.width * scale);
      preview.height = Math.round(bitmap.height * scale);
      preview.getContext('2d').drawImage(bitmap, 0, 0, preview.width, preview.height);
      preview.hidden = false;
      return new Promise(function (resolve) { preview.toBlob(resolve, 'image/jpeg', QUALITY); });
    }).catch(function () { say('照片无法读取，请重新拍摄', 'off'); return null; });
  });

  save.addEventListener('click', function () {
    const marks = {};
    members.forEach(function (m) { const a = chosen(m); if (a !== null) marks[m.dataset.worker] = a; });
    if (!Object.keys(marks).length) return;
    save.disabled = true;
    const now = new Date();
    photo.then(function (blob) {
      return Q.add({
        post: root.dataset.post, projectName: root.dataset.projectName, date: localDate(now),
        markedAt: now.toISOString(), marks: marks, position: position, photo: blob, csrf: csrf,
      });
    }).then(function () {
      registerSync();
      members.forEach(function (m) { m.querySelectorAll('[data-amount]').forEach(function (b) { b.setAttribute('aria-checked', 'false'); }); });
      photo = Promise.resolve(null); preview.hidden = true; root.querySelector('[data-photo]').value = '';
      refresh();
      locate();
      return flush();
    }).catch(function () { say('保存失败：手机存储空间不足？', 'off'); save.disabled = false; });
  });

  refresh();
  flush();
})();
