// Broadsheet reader script: counts an article view once the page is really shown, and keeps
// "2 hours ago" labels true while the page stays open. Pages work fully without it.
(function () {
  'use strict';

  function countView() {
    var id = Number(document.body.getAttribute('data-article-id'));
    if (!id) return;
    var body = JSON.stringify({ articleId: id });
    if (navigator.sendBeacon && navigator.sendBeacon('/api/views', new Blob([body], { type: 'application/json' }))) return;
    if (window.fetch) {
      fetch('/api/views', { method: 'POST', body: body, headers: { 'content-type': 'application/json' }, keepalive: true, credentials: 'omit' });
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
})();
