/* global document, DataTransfer */
// Drop zones for image files (no inline script: the admin's CSP allows only scripts from itself).
// A file dropped on a zone fills the zone's file picker, exactly as if it had been picked, so
// without this script the picker alone does the same job.
// - data-drop-zone on the media library's upload form: the form is sent at once.
// - data-drop-zone="pick" on the article editor's image box: the picker is only filled (one
//   file) and its name shown; the file goes with the article's Preview or Save, so a drop never
//   saves or publishes an article by itself.
// Its words come from the page, in the signed-in person's language: the script element's
// data-chosen holds the catalogue's "{name} will be uploaded" text (admin/views/layout.tsx).
(function () {
  if (typeof DataTransfer === 'undefined') return;
  // currentScript is set only while the script first runs, not in the event handlers below.
  var script = document.currentScript;
  var chosenText = (script && script.getAttribute('data-chosen')) || '{name}';
  var zones = document.querySelectorAll('[data-drop-zone]');
  for (var i = 0; i < zones.length; i++) setUp(zones[i]);

  function setUp(zone) {
    var input = zone.querySelector('input[type=file]');
    if (!input) return;
    var pickOnly = zone.getAttribute('data-drop-zone') === 'pick';
    var hint = zone.querySelector('.drop-hint');
    var chosen = zone.querySelector('.drop-file');
    if (hint) hint.hidden = false;
    function over(event) {
      event.preventDefault();
      zone.classList.add('dragging');
    }
    function leave() {
      zone.classList.remove('dragging');
    }
    zone.addEventListener('dragenter', over);
    zone.addEventListener('dragover', over);
    zone.addEventListener('dragleave', leave);
    zone.addEventListener('drop', function (event) {
      event.preventDefault();
      leave();
      var files = event.dataTransfer ? event.dataTransfer.files : null;
      if (!files || files.length === 0) return;
      if (!pickOnly) {
        input.files = files;
        var form = input.form;
        if (form.requestSubmit) form.requestSubmit();
        else form.submit();
        return;
      }
      // The picker takes one file: the first one dropped.
      var one = new DataTransfer();
      one.items.add(files[0]);
      input.files = one.files;
      if (chosen) {
        var name = files[0].name;
        chosen.textContent = chosenText.replace('{name}', function () {
          return name;
        });
        chosen.hidden = false;
      }
    });
    if (chosen) {
      input.addEventListener('change', function () {
        chosen.hidden = true;
      });
    }
  }
})();
