// Click-to-load video players. The page shows a link to the video; nothing is requested from the
// video host until the reader clicks it, and then only from the host's privacy-friendly player.
(function () {
  'use strict';

  // The same origins as web/embed-origins.ts; the CSP's frame-src refuses any other in any case.
  var PLAYERS = ['https://www.youtube-nocookie.com', 'https://player.vimeo.com', 'https://vk.com', 'https://rutube.ru'];

  function playerUrl(figure) {
    var src;
    try {
      src = new URL(figure.getAttribute('data-embed-src'));
    } catch {
      return null;
    }
    if (PLAYERS.indexOf(src.origin) === -1) return null;
    // The click was the reader asking to watch: one click should start the video, not show a second play button.
    src.searchParams.set('autoplay', '1');
    return src.href;
  }

  document.addEventListener('click', function (event) {
    var poster = event.target instanceof Element ? event.target.closest('figure[data-embed-src] > a.embed-poster') : null;
    // A new tab or window (modifier keys, middle button) goes to the video's own page, as a link should.
    if (!poster || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var figure = poster.parentElement;
    var src = playerUrl(figure);
    if (!src) return;
    event.preventDefault();
    var frame = document.createElement('iframe');
    frame.className = 'embed-frame';
    frame.src = src;
    frame.title = poster.textContent.replace(/\s+/g, ' ').trim();
    frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-presentation allow-popups');
    frame.setAttribute('allow', 'autoplay; encrypted-media; fullscreen; picture-in-picture');
    frame.setAttribute('allowfullscreen', '');
    // Players refuse to play without knowing the embedding site; the origin is all they get.
    frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
    poster.replaceWith(frame);
    figure.classList.add('embed-playing');
    frame.focus();
  });
})();
