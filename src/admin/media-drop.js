/* global document, DataTransfer */
// The media upload form's drop zone: a file dropped on the form fills its file picker and sends
// the form, exactly as if it had been picked. Without this script the picker alone works.
(function () {
  var form = document.querySelector('form[data-drop-zone]');
  if (!form) return;
  var input = form.querySelector('input[type=file]');
  var hint = form.querySelector('.drop-hint');
  if (!input || typeof DataTransfer === 'undefined') return;
  if (hint) hint.hidden = false;
  function over(event) {
    event.preventDefault();
    form.classList.add('dragging');
  }
  function leave() {
    form.classList.remove('dragging');
  }
  form.addEventListener('dragenter', over);
  form.addEventListener('dragover', over);
  form.addEventListener('dragleave', leave);
  form.addEventListener('drop', function (event) {
    event.preventDefault();
    leave();
    if (!event.dataTransfer || event.dataTransfer.files.length === 0) return;
    input.files = event.dataTransfer.files;
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  });
})();
