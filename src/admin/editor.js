/* global document, window */
// The article editor's helpers (no inline script: the admin's CSP allows only scripts from itself).
// Progressive enhancement: without this script the form saves and checks conflicts as before.
// Everything it says comes from the page (#editor-config, rendered from the admin catalogue in
// the person's language); everything it stores goes through the admin's JSON routes
// (admin/routes/editing-routes.tsx) with the page's CSRF token in the x-csrf-token header.
// - autosave: a working copy a few seconds after typing stops, and when the page is hidden or left;
// - a warning before leaving with changes not saved (not after sending the form);
// - the unsaved-changes banner: restore or discard a working copy found on load;
// - writing aids: words and reading time, length hints, the key points, the checklist;
// - the conflict view's "put their version in the form" buttons.
(function () {
  var configElement = document.getElementById('editor-config');
  if (!configElement || typeof fetch === 'undefined') return;
  var config;
  try {
    config = JSON.parse(configElement.textContent || '{}');
  } catch {
    return;
  }
  var form = document.getElementById(config.formId);
  if (!form) return;

  var SAVE_AFTER_MS = 3000;
  var SUMMARY_AFTER_MS = 2000;
  // A keepalive request may carry at most 64 KiB; a larger text was saved by the last debounce.
  var KEEPALIVE_MAX = 60000;
  var FIELDS = ['title', 'slug', 'standfirst', 'bodyMd', 'author', 'rubric', 'tags', 'heroMedia', 'heroUrl', 'heroAlt', 'heroCredit', 'publishAt', 'revision'];
  var PLURALS = { en: ['one', 'other'], ru: ['one', 'few', 'many', 'other'] };
  var plural = new Intl.PluralRules(config.lang);
  var numbers = new Intl.NumberFormat(config.lang);

  function fill(text, params) {
    return text.replace(/\{(\w+)\}/g, function (m, name) {
      return params && name in params ? String(params[name]) : m;
    });
  }
  function t(key, params) {
    return fill(config.texts[key] || key, params);
  }
  function tn(key, n, params) {
    var forms = (config.texts[key] || key).split('|');
    var order = PLURALS[config.lang] || PLURALS.en;
    var at = order.indexOf(plural.select(n));
    var form = forms[Math.min(at < 0 ? forms.length - 1 : at, forms.length - 1)];
    var all = { n: numbers.format(n) };
    for (var k in params || {}) all[k] = params[k];
    return fill(form, all);
  }

  function input(name) {
    return form.elements.namedItem(name);
  }
  function values() {
    var out = {};
    for (var i = 0; i < FIELDS.length; i++) {
      var el = input(FIELDS[i]);
      if (el && typeof el.value === 'string') out[FIELDS[i]] = el.value;
    }
    return out;
  }
  function setValues(fields) {
    for (var name in fields) {
      var el = input(name);
      if (el && typeof el.value === 'string' && typeof fields[name] === 'string') el.value = fields[name];
    }
    changed();
  }
  var csrfInput = form.querySelector('input[name=_csrf]');
  function csrf() {
    return csrfInput ? csrfInput.value : '';
  }

  // --- Where this form's working copy lives -------------------------------------------------
  var DRAFT_KEY = 'paddock-editor-draft-key';
  var SUBMITTED_KEY = 'paddock-editor-draft-submitted';
  function storage(action, key, value) {
    try {
      if (action === 'get') return sessionStorage.getItem(key);
      if (action === 'set') sessionStorage.setItem(key, value);
      else sessionStorage.removeItem(key);
    } catch {
      // Storage refused (private mode): the draft's key lives as long as the page.
    }
    return null;
  }
  function newKey() {
    if (typeof crypto !== 'undefined' && crypto.randomUUID) return crypto.randomUUID();
    return 'k' + Math.random().toString(36).slice(2) + Date.now().toString(36);
  }
  var copyUrl;
  var draftKey = null;
  if (config.workingCopy.url) copyUrl = config.workingCopy.url;
  else {
    draftKey = storage('get', DRAFT_KEY) || newKey();
    storage('set', DRAFT_KEY, draftKey);
    copyUrl = config.workingCopy.draftUrl + encodeURIComponent(draftKey);
  }

  function request(method, url, body, keepalive) {
    var options = { method: method, credentials: 'same-origin', headers: { accept: 'application/json', 'x-csrf-token': csrf() } };
    if (body !== undefined) {
      options.headers['content-type'] = 'application/json';
      options.body = body;
    }
    if (keepalive) options.keepalive = true;
    return fetch(url, options).then(function (res) {
      return res
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          return { ok: res.ok, status: res.status, data: data };
        });
    });
  }

  /** Why a request was refused, in the person's words (the JSON error's message is the API's English). */
  function reason(code) {
    if (code === 401) return t('editing.wc.reason.session');
    if (code === 403 || code === 409) return t('editing.wc.reason.forbidden');
    if (code === 400 || code === 413) return t('editing.wc.reason.tooLong');
    if (code === 429) return t('editing.wc.reason.tooMany');
    return String(code);
  }

  // --- Status line ------------------------------------------------------------------------------
  var status = document.querySelector('[data-autosave-status]');
  function say(text) {
    if (!status) return;
    status.textContent = text;
    status.hidden = text === '';
  }

  // --- Autosave ---------------------------------------------------------------------------------
  var loaded = JSON.stringify(values());
  var lastSaved = loaded;
  var submitting = false;
  var saving = false;
  var timer = null;

  function save() {
    timer = null;
    var body = JSON.stringify(values());
    if (body === lastSaved || saving) return;
    saving = true;
    request('PUT', copyUrl, body)
      .then(function (res) {
        if (res.ok) {
          lastSaved = body;
          // Worded here, in the page's language; the server's time is the site's zone's.
          say(t('editing.wc.saved', { time: String(res.data.savedAtText || '').slice(-5) }));
        } else say(t('editing.wc.failedWhy', { reason: reason(res.status) }));
      })
      .catch(function () {
        say(t('editing.wc.failedWhy', { reason: t('editing.wc.reason.offline') }));
      })
      .then(function () {
        saving = false;
        // Typing went on while this one was on its way: send that too.
        if (JSON.stringify(values()) !== lastSaved && !timer) timer = setTimeout(save, SAVE_AFTER_MS);
      });
  }

  /** The last words typed, sent as the page goes away; keepalive lets the request outlive it. */
  function saveNow() {
    if (submitting) return;
    var body = JSON.stringify(values());
    if (body === lastSaved) return;
    if (timer) clearTimeout(timer);
    timer = null;
    if (body.length > KEEPALIVE_MAX) return save();
    lastSaved = body;
    request('PUT', copyUrl, body, true).catch(function () {
      lastSaved = '';
    });
  }

  function changed() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, SAVE_AFTER_MS);
    updateAids();
  }

  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('submit', function () {
    submitting = true;
    if (timer) clearTimeout(timer);
    // A new article's copy is discarded once the article exists (see cleanUp on the next page).
    if (draftKey) storage('set', SUBMITTED_KEY, draftKey);
  });
  window.addEventListener('pagehide', saveNow);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') saveNow();
  });
  window.addEventListener('beforeunload', function (event) {
    if (submitting || JSON.stringify(values()) === loaded) return;
    event.preventDefault();
    // Browsers show their own words; older ones show this one.
    event.returnValue = t('editing.wc.leave');
    return event.returnValue;
  });

  // --- Unsaved changes found on load ----------------------------------------------------------
  var banner = document.querySelector('[data-working-copy-banner]');
  var bannerText = document.querySelector('[data-working-copy-text]');
  function offer(pending) {
    if (!banner) return;
    var text = t('editing.wc.found', { time: pending.savedAtText });
    if (pending.baseRevision && pending.currentRevision && pending.baseRevision !== pending.currentRevision) {
      text += ' ' + t('editing.wc.foundOlder', { base: pending.baseRevision, current: pending.currentRevision });
    }
    if (bannerText) bannerText.textContent = text;
    banner.hidden = false;
  }
  function restore() {
    request('GET', copyUrl)
      .then(function (res) {
        if (!res.ok) return say(t('editing.wc.failedWhy', { reason: reason(res.status) }));
        var fields = res.data.fields || {};
        // The revision it started from goes back too: a save over a newer one is refused and shows the difference.
        if (res.data.baseRevision) fields.revision = String(res.data.baseRevision);
        setValues(fields);
        lastSaved = JSON.stringify(values());
        banner.hidden = true;
        say(t('editing.wc.restored'));
      })
      .catch(function () {
        say(t('editing.wc.failedWhy', { reason: t('editing.wc.reason.offline') }));
      });
  }
  function discard() {
    request('DELETE', copyUrl)
      .then(function () {
        banner.hidden = true;
        say(t('editing.wc.discarded'));
      })
      .catch(function () {
        say(t('editing.wc.failedWhy', { reason: t('editing.wc.reason.offline') }));
      });
  }
  if (banner) {
    banner.querySelector('[data-working-copy-restore]').addEventListener('click', restore);
    banner.querySelector('[data-working-copy-discard]').addEventListener('click', discard);
  }

  var done = /[?&]done=/.test(window.location.search);
  if (config.pending) offer(config.pending);
  else if (config.workingCopy.url && done) {
    // Just saved: a copy left from before says nothing the article does not (the server offers
    // only copies that differ), so it goes.
    request('DELETE', copyUrl).catch(function () {});
  }
  if (config.workingCopy.url) {
    // The new article this tab was writing now exists: its draft copy is spent.
    var submitted = storage('get', SUBMITTED_KEY);
    if (submitted && /[?&]done=created/.test(window.location.search)) {
      request('DELETE', config.workingCopy.url.replace(/\/articles\/\d+\/working-copy$/, '/articles/new/working-copy/') + encodeURIComponent(submitted)).catch(function () {});
      storage('remove', SUBMITTED_KEY);
      storage('remove', DRAFT_KEY);
    }
  } else {
    storage('remove', SUBMITTED_KEY);
    request('GET', copyUrl)
      .then(function (res) {
        if (res.ok && JSON.stringify(res.data.fields) !== JSON.stringify(values())) offer({ savedAtText: res.data.savedAtText });
      })
      .catch(function () {});
  }

  // --- Writing aids -------------------------------------------------------------------------------
  var aids = {};
  var aidElements = document.querySelectorAll('[data-aid]');
  for (var i = 0; i < aidElements.length; i++) aids[aidElements[i].getAttribute('data-aid')] = aidElements[i];
  var limits = config.limits;

  function chars(text) {
    return Array.from(text).length;
  }
  function countWords(markdown) {
    var text = markdown
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, ' ')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]*>/g, ' ');
    var words = text.match(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu);
    return words ? words.length : 0;
  }
  function hint(element, text, warning) {
    if (!element) return;
    element.textContent = text;
    if (warning) {
      var strong = document.createElement('strong');
      strong.className = 'warning';
      strong.textContent = ' ' + warning;
      element.appendChild(strong);
    }
  }
  function field(name) {
    var el = input(name);
    return el && typeof el.value === 'string' ? el.value : '';
  }
  function checks() {
    var hasHero = field('heroMedia').trim() !== '' || field('heroUrl').trim() !== '';
    var heroAlt = field('heroAlt').trim() !== '' || (field('heroMedia').trim() !== '' && config.libraryAlt.trim() !== '');
    var missing = 0;
    var re = /!\[([^\]]*)\]\(/g;
    var match;
    var body = field('bodyMd');
    while ((match = re.exec(body))) if (match[1].trim() === '') missing++;
    return [
      { item: 'heroAlt', ok: !hasHero || heroAlt, text: hasHero ? t('editing.check.heroAlt') : t('editing.check.noHero') },
      { item: 'bodyAlt', ok: missing === 0, text: missing === 0 ? t('editing.check.bodyAlt') : tn('editing.check.bodyAltMissing', missing) },
      { item: 'rubric', ok: field('rubric').trim() !== '', text: t('editing.check.rubric') },
      { item: 'standfirst', ok: field('standfirst').trim() !== '', text: t('editing.check.standfirst') },
    ];
  }
  function updateAids() {
    var words = countWords(field('bodyMd'));
    var minutes = words === 0 ? 0 : Math.max(1, Math.ceil(words / limits.wordsPerMinute));
    hint(aids.words, tn('editing.aids.words', words) + ', ' + t('editing.aids.reading', { n: numbers.format(minutes) }));
    var title = field('title');
    var searchLength = chars(title + ' — ' + config.siteName);
    hint(aids['search-title'], t('editing.aids.titleHint', { count: searchLength, limit: limits.searchTitle, site: config.siteName }), searchLength > limits.searchTitle ? t('editing.aids.titleLong') : '');
    var socialLength = chars(title);
    hint(aids['social-title'], t('editing.aids.socialHint', { count: socialLength, limit: limits.socialTitle }), socialLength > limits.socialTitle ? t('editing.aids.socialLong') : '');
    var descLength = chars(field('standfirst'));
    hint(
      aids.description,
      descLength === 0 ? t('editing.aids.descEmpty') : t('editing.aids.descHint', { count: descLength, limit: limits.description }),
      descLength > limits.description ? t('editing.aids.descLong', { limit: limits.description }) : '',
    );
    if (aids.checklist) {
      var list = checks();
      var allOk = true;
      aids.checklist.textContent = '';
      for (var i = 0; i < list.length; i++) {
        var li = document.createElement('li');
        li.setAttribute('data-check', list[i].item);
        li.className = list[i].ok ? 'check-ok' : 'check-todo';
        li.textContent = (list[i].ok ? '✓ ' : '! ') + list[i].text + ' ';
        var state = document.createElement('span');
        state.className = 'hint';
        state.textContent = '(' + t(list[i].ok ? 'editing.check.done' : 'editing.check.todo') + ')';
        li.appendChild(state);
        aids.checklist.appendChild(li);
        if (!list[i].ok) allOk = false;
      }
      if (aids['checklist-warning']) aids['checklist-warning'].hidden = allOk;
    }
    scheduleSummary();
  }

  // --- The key points, as the summarizer will make them ------------------------------------
  var summaryTimer = null;
  var summarized = JSON.stringify([field('title'), field('standfirst'), field('bodyMd')]);
  function scheduleSummary() {
    if (!aids.summary) return;
    var now = JSON.stringify([field('title'), field('standfirst'), field('bodyMd')]);
    if (now === summarized) return;
    if (summaryTimer) clearTimeout(summaryTimer);
    summaryTimer = setTimeout(summarize, SUMMARY_AFTER_MS);
  }
  function showPoints(points) {
    aids.summary.textContent = '';
    if (!points.length) {
      var p = document.createElement('p');
      p.textContent = t('editing.aids.summaryNone');
      aids.summary.appendChild(p);
      return;
    }
    var ol = document.createElement('ol');
    ol.className = 'summary-points';
    for (var i = 0; i < points.length; i++) {
      var li = document.createElement('li');
      li.textContent = points[i].text;
      ol.appendChild(li);
    }
    aids.summary.appendChild(ol);
  }
  function summarize() {
    summaryTimer = null;
    var key = JSON.stringify([field('title'), field('standfirst'), field('bodyMd')]);
    summarized = key;
    aids.summary.setAttribute('aria-busy', 'true');
    request('POST', config.summaryPreviewUrl, JSON.stringify({ title: field('title').slice(0, 200), standfirst: field('standfirst'), bodyMd: field('bodyMd') }))
      .then(function (res) {
        if (res.ok) showPoints(res.data.points || []);
        else {
          aids.summary.textContent = t('editing.aids.summaryFailed', { reason: reason(res.status) });
          summarized = '';
        }
      })
      .catch(function () {
        aids.summary.textContent = t('editing.aids.summaryFailed', { reason: t('editing.wc.reason.offline') });
        summarized = '';
      })
      .then(function () {
        aids.summary.removeAttribute('aria-busy');
      });
  }

  // --- The conflict view: their version into the form, one field at a time -------------------
  var theirs = document.querySelectorAll('[data-use-theirs]');
  for (var j = 0; j < theirs.length; j++) {
    theirs[j].hidden = false;
    theirs[j].addEventListener('click', function (event) {
      try {
        setValues(JSON.parse(event.currentTarget.getAttribute('data-use-theirs')));
      } catch {
        // A malformed attribute changes nothing.
      }
    });
  }
})();
