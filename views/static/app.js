// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  // Copy-citation buttons: shown only where the Clipboard API (or a fallback) can work.
  document.querySelectorAll('button.cite').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var text = button.getAttribute('data-cite');
      var done = function () {
        var old = button.textContent;
        button.textContent = '已复制';
        button.classList.add('copied');
        setTimeout(function () { button.textContent = old; button.classList.remove('copied'); }, 1600);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
      } else {
        fallbackCopy(text);
        done();
      }
    });
  });

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
})();
