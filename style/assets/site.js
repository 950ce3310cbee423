// The site's only script on most pages (a few hundred bytes, no WebAssembly): on narrow
// screens the header's navigation folds behind its "Menu" button, and the header's search
// box suggests the first results as the reader types. The server renders the navigation
// open, the button hidden and the suggestions empty, so pages work without it; the live
// client (WebAssembly) loads only on pages that have a live room.
(function () {
  'use strict';

  var menu = document.querySelector('.menu');
  var toggle = menu && menu.querySelector('.menu-toggle');
  if (toggle) {
    toggle.hidden = false;
    menu.classList.add('menu-ready');
    toggle.addEventListener('click', function () {
      var open = menu.classList.toggle('menu-open');
      toggle.setAttribute('aria-expanded', String(open));
    });
  }

  var input = document.getElementById('site-search-q');
  var list = document.getElementById('site-search-suggestions');
  if (!input || !list) return;
  // Each keystroke bumps the generation; only the newest search's answer is shown.
  var generation = 0;
  var timer = null;

  function show(hits) {
    list.textContent = '';
    if (hits.length === 0) {
      var empty = document.createElement('li');
      empty.className = 'empty';
      empty.textContent = list.getAttribute('data-none') || '';
      list.appendChild(empty);
    }
    hits.forEach(function (h) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = h.url;
      a.textContent = h.title;
      li.appendChild(a);
      // A document's context is its long source line; its language says more in a short list.
      var extra = h.kind === 'document' ? (h.language || '') : (h.context || '');
      if (extra) {
        var span = document.createElement('span');
        span.className = 'count';
        span.textContent = extra;
        li.appendChild(document.createTextNode(' '));
        li.appendChild(span);
      }
      list.appendChild(li);
    });
    list.hidden = false;
  }

  input.addEventListener('input', function () {
    var text = input.value;
    var current = ++generation;
    clearTimeout(timer);
    if (text.trim().length < 2) {
      list.hidden = true;
      return;
    }
    // A short pause first, so a fast typist sends one request, not one per letter.
    timer = setTimeout(function () {
      var body = new URLSearchParams({ q: text, prefix: 'true' });
      fetch('/api/search', {
        method: 'POST',
        headers: { 'Accept': 'application/json' },
        body: body,
        credentials: 'same-origin'
      })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (page) {
          if (current !== generation) return;
          show(page && page.results ? page.results.hits : []);
        })
        .catch(function () {
          if (current === generation) list.hidden = true;
        });
    }, 180);
  });
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape') list.hidden = true;
  });
})();
