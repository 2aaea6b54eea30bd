// Newsroom helpers that need no framework: ask before destructive steps, select one-time links for copying.
(function () {
  'use strict';
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.classList && form.classList.contains('workflow-unpublish')) {
      if (!window.confirm('Unpublish this article? It disappears from the site until it is published again.')) event.preventDefault();
    }
  }, true);
  var links = document.querySelectorAll('input.copy-link');
  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener('focus', function () { this.select(); });
  }
})();
