// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  document.documentElement.classList.add('js');
  var phone = window.matchMedia('(max-width: 760px)');

  // A long document is shown in parts; a link made before that (/doc/ID#pXXXXXXXX) may name a paragraph of
  // another part. The server knows which: ask it with ?at=.
  var article = document.querySelector('article[data-parts]');
  var hash = decodeURIComponent(location.hash.slice(1));
  if (article && Number(article.getAttribute('data-parts')) > 1 && /^p[0-9a-f]{8}$/.test(hash) && !document.getElementById(hash)) {
    var url = new URL(location.href);
    url.searchParams.delete('part');
    url.searchParams.set('at', hash);
    location.replace(url.toString());
    return;
  }

  // Copy buttons: one copies the paragraph's citation, a second the quoted paragraph with it; a preview shows
  // what went to the clipboard. Shown only here, since they need script.
  document.querySelectorAll('p.para').forEach(function (para) {
    var cite = para.querySelector('button.cite');
    if (!cite) return;
    var citation = cite.getAttribute('data-cite');
    var text = para.querySelector('.para-text').textContent;
    cite.hidden = false;
    var quote = document.createElement('button');
    quote.type = 'button';
    quote.className = 'cite-quote';
    quote.textContent = '复制原文和引文';
    cite.after(quote);
    cite.addEventListener('click', function () { copy(para, cite, citation); });
    quote.addEventListener('click', function () { copy(para, quote, '“' + text + '”（' + citation + '）'); });
  });

  function copy(para, button, text) {
    var done = function () {
      var old = button.textContent;
      button.textContent = '已复制';
      button.classList.add('copied');
      setTimeout(function () { button.textContent = old; button.classList.remove('copied'); }, 1600);
      showPreview(para, text);
    };
    // The Clipboard API needs a secure context: on an intranet's plain http the older command does the copy.
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  }

  function showPreview(para, text) {
    var preview = document.getElementById('copy-preview');
    if (!preview) {
      preview = document.createElement('div');
      preview.id = 'copy-preview';
      preview.className = 'copy-preview';
      preview.setAttribute('role', 'status');
    }
    preview.textContent = '';
    var label = document.createElement('strong');
    label.textContent = '已复制：';
    preview.appendChild(label);
    preview.appendChild(document.createTextNode(text));
    para.appendChild(preview);
  }

  function fallbackCopy(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    try { document.execCommand('copy'); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
  }

  // Changing mode or sort re-runs the search at once.
  document.querySelectorAll('.search-options input[type=radio], .search-options select').forEach(function (el) {
    el.addEventListener('change', function () { el.form.submit(); });
  });

  // On a phone the filters are folded behind 筛选, which opens them above the results.
  var toggle = document.querySelector('.filter-toggle');
  var layout = document.querySelector('.layout');
  if (toggle && layout) {
    toggle.setAttribute('role', 'button');
    toggle.setAttribute('aria-expanded', 'false');
    toggle.addEventListener('click', function (event) {
      if (!phone.matches) return;
      event.preventDefault();
      var open = layout.classList.toggle('filters-open');
      toggle.setAttribute('aria-expanded', String(open));
      if (open) document.getElementById('filters').focus();
    });
  }

  // On a phone a document's outline starts folded, so the text comes first.
  var outline = document.querySelector('.outline details');
  if (outline && phone.matches) outline.open = false;

  // Back to the search: the very results page this tab last showed, filters and page included. (The referrer is
  // not sent: helmet's Referrer-Policy is no-referrer.)
  var RESULTS_KEY = 'policy-search:results';
  try {
    if (document.getElementById('results') && location.search) sessionStorage.setItem(RESULTS_KEY, location.pathname + location.search);
    var back = document.querySelector('.back-link');
    var last = sessionStorage.getItem(RESULTS_KEY);
    if (back && last) back.href = last;
  } catch (e) { /* storage refused: the link keeps the query it was given */ }
})();
