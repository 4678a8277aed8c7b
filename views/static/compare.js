// Progressive enhancement of the compare view; the page, its charts and downloads work without this file.
(function () {
  'use strict';

  // A chart as PNG: the inline SVG drawn onto a canvas at twice its size.
  document.querySelectorAll('figure.cmp-figure[data-png]').forEach(function (figure) {
    var svg = figure.querySelector('svg.chart');
    var caption = figure.querySelector('.cmp-downloads');
    if (!svg || !caption || !window.HTMLCanvasElement) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'PNG 图';
    caption.appendChild(button);
    button.addEventListener('click', function () {
      var width = svg.width.baseVal.value;
      var height = svg.height.baseVal.value;
      var image = new Image();
      image.onload = function () {
        var canvas = document.createElement('canvas');
        canvas.width = width * 2;
        canvas.height = height * 2;
        var context = canvas.getContext('2d');
        context.scale(2, 2);
        context.drawImage(image, 0, 0, width, height);
        canvas.toBlob(function (blob) {
          var link = document.createElement('a');
          link.href = URL.createObjectURL(blob);
          link.download = figure.getAttribute('data-png');
          document.body.appendChild(link);
          link.click();
          document.body.removeChild(link);
          setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
        }, 'image/png');
      };
      image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
    });
  });

  // A province's link in the overview opens its regions.
  function openTarget() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === 'DETAILS') target.open = true;
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
})();
