// Newsroom helpers that need no framework: ask before destructive steps, select one-time links for copying.
(function () {
  'use strict';
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.classList && form.classList.contains('workflow-unpublish')) {
      if (!window.confirm('Unpublish this article? It disappears from the site until it is published again.')) event.preventDefault();
    }
    if (form.classList && form.classList.contains('confirm') && form.getAttribute('data-confirm')) {
      if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
    }
  }, true);
  var links = document.querySelectorAll('input.copy-link');
  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener('focus', function () { this.select(); });
  }

  // Front page curation: drag a story, or use its Up, Down and Remove buttons; the hidden position
  // numbers follow, so the form posts the order whichever way it was made.
  var list = document.getElementById('top-stories');
  if (list) {
    var status = document.getElementById('curation-status');
    var say = function (text) { if (status) status.textContent = text; };
    var renumber = function () {
      var slots = list.querySelectorAll('li.story-slot');
      for (var n = 0; n < slots.length; n++) slots[n].querySelector('input.position').value = String(n + 1);
      var none = document.getElementById('no-top');
      if (none) none.hidden = slots.length > 0;
    };
    var title = function (li) { return li.querySelector('.slot-text a, .slot-text span').textContent; };
    var button = function (text, label, run) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = text;
      b.setAttribute('aria-label', label);
      b.addEventListener('click', run);
      return b;
    };
    var enhance = function (li) {
      li.querySelector('.slot-position').hidden = true;
      var removeBox = li.querySelector('.slot-remove');
      if (removeBox) removeBox.hidden = true;
      var name = title(li);
      var tools = document.createElement('span');
      tools.className = 'slot-tools';
      tools.appendChild(button('↑', 'Move up: ' + name, function () {
        var prev = li.previousElementSibling;
        if (prev) { list.insertBefore(li, prev); renumber(); say(name + ' moved to position ' + li.querySelector('input.position').value); this.focus(); }
      }));
      tools.appendChild(button('↓', 'Move down: ' + name, function () {
        var next = li.nextElementSibling;
        if (next) { list.insertBefore(next, li); renumber(); say(name + ' moved to position ' + li.querySelector('input.position').value); this.focus(); }
      }));
      tools.appendChild(button('Remove', 'Remove from the front page: ' + name, function () {
        li.remove();
        renumber();
        say(name + ' removed; save to apply');
      }));
      li.appendChild(tools);
      li.addEventListener('dragstart', function (event) {
        li.classList.add('dragging');
        event.dataTransfer.effectAllowed = 'move';
        event.dataTransfer.setData('text/plain', li.getAttribute('data-id'));
      });
      li.addEventListener('dragend', function () {
        li.classList.remove('dragging');
        renumber();
        say(name + ' moved to position ' + li.querySelector('input.position').value);
      });
    };
    list.addEventListener('dragover', function (event) {
      var dragging = list.querySelector('li.dragging');
      var over = event.target.closest ? event.target.closest('li.story-slot') : null;
      if (!dragging || !over || over === dragging) return;
      event.preventDefault();
      var box = over.getBoundingClientRect();
      list.insertBefore(dragging, event.clientY > box.top + box.height / 2 ? over.nextElementSibling : over);
    });
    list.addEventListener('drop', function (event) { event.preventDefault(); });
    var slots = list.querySelectorAll('li.story-slot');
    for (var s = 0; s < slots.length; s++) enhance(slots[s]);
    var add = document.getElementById('add');
    if (add) {
      add.addEventListener('change', function () {
        var option = add.selectedOptions[0];
        if (!option || !option.value) return;
        var li = document.createElement('li');
        li.className = 'story-slot';
        li.draggable = true;
        li.setAttribute('data-id', option.value);
        var hidden = document.createElement('input');
        hidden.type = 'hidden';
        hidden.name = 'ids[]';
        hidden.value = option.value;
        var handle = document.createElement('span');
        handle.className = 'handle';
        handle.setAttribute('aria-hidden', 'true');
        handle.textContent = '⠿';
        var text = document.createElement('div');
        text.className = 'slot-text';
        var label = document.createElement('span');
        label.textContent = option.textContent;
        text.appendChild(label);
        var pos = document.createElement('label');
        pos.className = 'slot-position';
        var number = document.createElement('input');
        number.type = 'number';
        number.name = 'positions[]';
        number.className = 'position';
        pos.appendChild(number);
        li.appendChild(hidden);
        li.appendChild(handle);
        li.appendChild(text);
        li.appendChild(pos);
        list.appendChild(li);
        enhance(li);
        option.remove();
        add.value = '';
        renumber();
        say(label.textContent + ' added at position ' + number.value + '; save to apply');
      });
    }
  }

  // Focal points: a click on a photo in the library sets its point (the form's numbers follow); the
  // marker shows where it is. Without script the numbers are the control.
  var pickers = document.querySelectorAll('.focal-picker');
  for (var f = 0; f < pickers.length; f++) {
    (function (picker) {
      var marker = picker.querySelector('.focal-marker');
      var id = picker.getAttribute('data-media-id');
      var fx = document.getElementById('fx-' + id);
      var fy = document.getElementById('fy-' + id);
      var place = function (x, y) {
        marker.style.left = x + '%';
        marker.style.top = y + '%';
      };
      place(marker.getAttribute('data-x'), marker.getAttribute('data-y'));
      if (!fx || !fy) return;
      picker.classList.add('clickable');
      picker.querySelector('img').addEventListener('click', function (event) {
        var box = event.currentTarget.getBoundingClientRect();
        var x = Math.round(((event.clientX - box.left) / box.width) * 1000) / 10;
        var y = Math.round(((event.clientY - box.top) / box.height) * 1000) / 10;
        fx.value = String(Math.max(0, Math.min(100, x)));
        fy.value = String(Math.max(0, Math.min(100, y)));
        place(fx.value, fy.value);
      });
    })(pickers[f]);
  }

  // Data tables on a phone: each row becomes a card whose cells carry their column's name, so no
  // table is wider than the screen. The names come from the header row; the HTML stays a table.
  var tables = document.querySelectorAll('table.data');
  for (var ti = 0; ti < tables.length; ti++) {
    var heads = tables[ti].querySelectorAll('thead th');
    var names = [];
    for (var h = 0; h < heads.length; h++) names.push(heads[h].textContent.replace(/\s+/g, ' ').trim());
    var rows = tables[ti].querySelectorAll('tbody tr');
    for (var r = 0; r < rows.length; r++) {
      var cells = rows[r].children;
      for (var ci = 0; ci < cells.length; ci++) if (names[ci]) cells[ci].setAttribute('data-label', names[ci]);
    }
    tables[ti].classList.add('stacked');
  }
})();
