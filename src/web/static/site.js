// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  // "Get a summary": the link to the summary page becomes a disclosure button for the panel below it.
  document.querySelectorAll('a.summary-toggle[data-panel]').forEach(function (link) {
    var panel = document.getElementById(link.getAttribute('data-panel'));
    if (!panel) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'summary-toggle';
    button.textContent = link.textContent;
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', panel.id);
    var showLabel = link.textContent;
    var hideLabel = link.getAttribute('data-hide-label') || showLabel;
    link.replaceWith(button);
    button.addEventListener('click', function () {
      var open = button.getAttribute('aria-expanded') === 'true';
      button.setAttribute('aria-expanded', String(!open));
      button.textContent = open ? showLabel : hideLabel;
      panel.hidden = open;
      // Moving focus to the panel makes screen readers announce its heading and points.
      if (!open) panel.focus();
    });
  });

  // A followed summary point highlights every piece of its sentence (a sentence may cross links).
  function highlight() {
    document.querySelectorAll('.s.highlight').forEach(function (el) { el.classList.remove('highlight'); });
    var match = /^#s-(\d+)$/.exec(location.hash);
    if (!match) return;
    document.querySelectorAll('.s[data-s="' + match[1] + '"]').forEach(function (el) { el.classList.add('highlight'); });
  }
  window.addEventListener('hashchange', highlight);
  highlight();
})();
