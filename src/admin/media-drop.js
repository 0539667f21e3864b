/* global document, DataTransfer */
// Drop zones for image files (no inline script: the admin's CSP allows only scripts from itself).
// A file dropped on a zone fills the zone's file picker, exactly as if it had been picked, so
// without this script the picker alone does the same job.
// - data-drop-zone on the media library's upload form: the form is sent at once.
// - data-drop-zone="pick" on the article editor's image box: the picker is only filled (one
//   file) and its name shown; the file goes with the article's Preview or Save, so a drop never
//   saves or publishes an article by itself.
(function () {
  if (typeof DataTransfer === 'undefined') return;
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
        chosen.textContent = '“' + files[0].name + '” will be uploaded with the form.';
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
