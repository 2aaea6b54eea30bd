// Broadsheet reader script: counts an article view once the page is really shown, and keeps
// "2 hours ago" labels true while the page stays open. Pages work fully without it.
(function () {
  'use strict';

  var DEDUPE_MS = 30 * 60 * 1000;

  function countView() {
    var id = Number(document.body.getAttribute('data-article-id'));
    var token = document.body.getAttribute('data-view-token');
    if (!id || !token) return;
    // The same tab viewing the same article again within 30 minutes is one view; do not even send it.
    var key = 'bs:v:' + id;
    try {
      var last = Number(window.sessionStorage.getItem(key));
      if (last && Date.now() - last < DEDUPE_MS) return;
      window.sessionStorage.setItem(key, String(Date.now()));
    } catch {
      // storage disabled: the server dedupes anyway
    }
    var body = JSON.stringify({ a: id, t: token });
    if (navigator.sendBeacon && navigator.sendBeacon('/_/v', new Blob([body], { type: 'application/json' }))) return;
    if (window.fetch) {
      fetch('/_/v', { method: 'POST', body: body, headers: { 'content-type': 'application/json' }, keepalive: true, credentials: 'same-origin' });
    }
  }

  // A prerendered page is not a view until the reader actually opens it.
  if (document.prerendering) {
    document.addEventListener('prerenderingchange', countView, { once: true });
  } else if (document.visibilityState === 'hidden') {
    var onVisible = function () {
      if (document.visibilityState === 'visible') {
        document.removeEventListener('visibilitychange', onVisible);
        countView();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
  } else {
    countView();
  }

  var MINUTE = 60000;
  var HOUR = 60 * MINUTE;
  var DAY = 24 * HOUR;

  function relative(at, now) {
    var age = now - at;
    if (age >= DAY) return null;
    if (age < MINUTE) return 'Just now';
    if (age < HOUR) {
      var m = Math.floor(age / MINUTE);
      return m === 1 ? '1 minute ago' : m + ' minutes ago';
    }
    var h = Math.floor(age / HOUR);
    return h === 1 ? '1 hour ago' : h + ' hours ago';
  }

  function refreshLabels() {
    var now = Date.now();
    var times = document.querySelectorAll('time[data-relative]');
    for (var i = 0; i < times.length; i++) {
      var at = Date.parse(times[i].getAttribute('datetime'));
      var label = relative(at, now);
      // Past a day, the date the server wrote (in the edition's zone) is shown instead.
      if (!label) label = times[i].getAttribute('data-date') || times[i].textContent;
      if (times[i].textContent !== label) times[i].textContent = label;
    }
  }

  refreshLabels();
  setInterval(refreshLabels, MINUTE);

  // Embeds are facades: the page holds the provider's link, and nothing is fetched from the
  // provider until the reader asks for it here. Then the player loads in a sandboxed frame
  // (the CSP's frame-src admits only the providers' player origins).
  var KIND_LABEL = { video: 'video', post: 'post', map: 'map', chart: 'chart', audio: 'audio' };
  function facade(figure) {
    var src = figure.getAttribute('data-embed-src');
    var provider = figure.getAttribute('data-provider') || 'the provider';
    var kind = KIND_LABEL[figure.getAttribute('data-embed-kind')] || 'content';
    if (!src || figure.querySelector('.embed-facade')) return;
    var box = document.createElement('div');
    box.className = 'embed-facade';
    var note = document.createElement('p');
    note.textContent = 'This ' + kind + ' is hosted by ' + provider + '. Loading it lets ' + provider + ' see your visit.';
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'embed-load';
    button.textContent = 'Load ' + kind + ' from ' + provider;
    button.addEventListener('click', function () {
      var frame = document.createElement('iframe');
      frame.src = src;
      frame.title = provider + ' ' + kind;
      frame.className = 'embed-frame embed-' + kind;
      frame.setAttribute('allow', 'fullscreen; picture-in-picture; encrypted-media');
      frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation');
      frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
      box.replaceWith(frame);
      frame.focus();
    });
    box.appendChild(note);
    box.appendChild(button);
    figure.insertBefore(box, figure.firstChild);
  }
  var embeds = document.querySelectorAll('figure.embed[data-embed-src]');
  for (var e = 0; e < embeds.length; e++) facade(embeds[e]);
})();
