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

  // A form that came back with errors: move focus to the summary so it is read out first.
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();

  // Ballot proof-of-work (ALTCHA v1: find n with SHA-256(salt + n) = challenge). Without
  // JavaScript, or outside a secure context, the form is sent without it and the server's
  // other checks apply.
  document.querySelectorAll('form[data-pow]').forEach(function (form) {
    var field = form.querySelector('input[name="altcha"]');
    if (!field || !window.crypto || !window.crypto.subtle) return;
    var solving = false;
    form.addEventListener('submit', function (event) {
      if (field.value || solving) return;
      event.preventDefault();
      solving = true;
      var button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      fetch(form.getAttribute('data-pow'), { credentials: 'same-origin' })
        .then(function (r) { return r.json(); })
        .then(function (c) {
          return solve(c.challenge, c.salt, c.maxnumber).then(function (n) {
            if (n !== null) {
              field.value = btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature }));
            }
          });
        })
        .catch(function () { /* the server decides without the proof */ })
        .then(function () { form.submit(); });
    });
  });

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function solve(challenge, salt, max) {
    var encoder = new TextEncoder();
    var n = 0;
    function step() {
      var batch = [];
      for (var i = 0; i < 500 && n <= max; i++, n++) batch.push(n);
      if (batch.length === 0) return Promise.resolve(null);
      return Promise.all(batch.map(function (k) {
        return crypto.subtle.digest('SHA-256', encoder.encode(salt + k)).then(function (d) { return hex(d) === challenge ? k : null; });
      })).then(function (found) {
        for (var j = 0; j < found.length; j++) if (found[j] !== null) return found[j];
        return step();
      });
    }
    return step();
  }
})();
