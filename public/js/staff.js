// Staff pages: small enhancements. Every page and form works without this file.
(function () {
  'use strict';

  // Story page: a transcript segment jumps to its moment in the recording.
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('.segment[data-audio][data-start]');
    if (!button) return;
    var audio = document.getElementById(button.getAttribute('data-audio'));
    if (!audio) return;
    audio.currentTime = Number(button.getAttribute('data-start')) || 0;
    audio.play().catch(function () {});
  });

  var form = document.querySelector('form[data-transcript]');
  if (form) transcriptEditor(form);

  function transcriptEditor(form) {
    var audio = document.getElementById('transcribe-audio');
    var area = form.elements.text;
    var baseId = form.elements.baseId;
    var status = form.querySelector('[data-save-status]');
    var notice = form.querySelector('[data-notice]');
    var draftKey = 'gehoord-transcript:' + form.getAttribute('data-part');
    var savedText = area.value;
    var timer = null;
    var saving = false;
    var again = false;
    var conflict = false;

    // Slower playback for difficult passages.
    var speed = document.querySelector('[data-speed]');
    if (speed && audio) {
      speed.hidden = false;
      speed.querySelector('select').addEventListener('change', function (e) { audio.playbackRate = Number(e.target.value); });
    }

    // Shortcuts chosen not to clash with typing or with screen readers' own keys.
    area.addEventListener('keydown', function (e) {
      if (!audio) return;
      var key = e.key;
      if ((key === 'Escape' && !e.ctrlKey && !e.altKey && !e.metaKey) || (e.ctrlKey && (key === ' ' || e.code === 'Space'))) {
        if (audio.paused) audio.play().catch(function () {}); else audio.pause();
      } else if (e.ctrlKey && key === ',') {
        audio.currentTime = Math.max(0, audio.currentTime - 5);
      } else if (e.ctrlKey && key === '.') {
        audio.currentTime = Math.min(audio.duration || Infinity, audio.currentTime + 5);
      } else if (e.ctrlKey && (key === 'j' || key === 'J')) {
        area.setRangeText('[' + clock(audio.currentTime) + '] ', area.selectionStart, area.selectionEnd, 'end');
        area.dispatchEvent(new Event('input', { bubbles: true }));
      } else {
        return;
      }
      e.preventDefault();
    });

    area.addEventListener('input', function () {
      clearTimeout(timer);
      if (!conflict) timer = setTimeout(save, 2000);
    });

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearTimeout(timer);
      conflict = false;
      if (area.value === savedText) say('Alles is al opgeslagen.'); else save();
    });

    // Leaving with unsaved words keeps them on this device.
    window.addEventListener('pagehide', function () {
      if (area.value !== savedText) keepDraft();
    });

    offerDraft();

    function save() {
      var text = area.value;
      if (text.trim() === '' || text === savedText) return;
      if (saving) { again = true; return; }
      saving = true;
      say('Bezig met opslaan…');
      var body = new URLSearchParams({ _csrf: form.elements._csrf.value, text: text, baseId: baseId.value });
      fetch(form.action, {
        method: 'POST', body: body, credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      }).then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (json) { return { res: res, json: json }; });
      }).then(function (r) {
        if (r.res.ok && r.json.transcriptId) {
          baseId.value = String(r.json.transcriptId);
          savedText = text;
          if (area.value === text) forgetDraft(); else keepDraft();
          say('Opgeslagen om ' + new Date().toLocaleTimeString('nl-NL', { hour: '2-digit', minute: '2-digit' }));
          return;
        }
        keepDraft();
        var message = (r.json.error && r.json.error.message) || 'probeer het zo opnieuw.';
        if (r.res.status === 401) {
          say('Je bent uitgelogd. Log opnieuw in in een ander tabblad; je tekst is bewaard op dit apparaat.', '/login', 'Inloggen in een nieuw tabblad');
        } else if (r.res.status === 409) {
          conflict = true;
          say('Niet opgeslagen: ' + message);
          showNewest();
        } else {
          say('Niet opgeslagen: ' + message);
        }
      }).catch(function () {
        keepDraft();
        say('Niet opgeslagen: geen verbinding. Je tekst is bewaard op dit apparaat; we proberen het opnieuw als je verder typt.');
      }).then(function () {
        saving = false;
        if (again && !conflict) { again = false; save(); }
      });
    }

    // After someone else saved: show their version next to ours, and let the person decide.
    function showNewest() {
      fetch(location.href, { credentials: 'same-origin' }).then(function (res) { return res.text(); }).then(function (html) {
        var page = new DOMParser().parseFromString(html, 'text/html');
        var theirs = page.querySelector('form[data-transcript]');
        if (!theirs) return;
        notice.replaceChildren(
          el('h2', 'De nieuwste opgeslagen tekst'),
          el('p', theirs.elements.text.value, 'story-text'),
          el('p', 'Jouw tekst staat nog in het tekstvak. Vergelijk ze, neem over wat klopt, en sla dan op.'),
          button('Mijn tekst opslaan als nieuwste versie', function () {
            baseId.value = theirs.elements.baseId.value;
            conflict = false;
            notice.hidden = true;
            save();
          }));
        notice.hidden = false;
      }).catch(function () {});
    }

    function offerDraft() {
      var draft = readDraft();
      if (!draft) return;
      var savedAt = Date.parse(form.getAttribute('data-saved-at')) || 0;
      if (draft.text === area.value || draft.at <= savedAt) { forgetDraft(); return; }
      var when = new Date(draft.at).toLocaleString('nl-NL', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
      notice.replaceChildren(
        el('p', 'Op dit apparaat staat tekst die nog niet is opgeslagen (van ' + when + ').'),
        button('Zet die tekst terug', function () {
          area.value = draft.text;
          // Saving on top of the version the draft started from: if someone saved since, the server says so.
          baseId.value = draft.baseId;
          notice.hidden = true;
          area.focus();
          save();
        }),
        button('Weggooien', function () { forgetDraft(); notice.hidden = true; area.focus(); }));
      notice.hidden = false;
    }

    function keepDraft() {
      try {
        localStorage.setItem(draftKey, JSON.stringify({ text: area.value, baseId: baseId.value, at: Date.now() }));
      } catch (e) { /* storage full or blocked: the text is still in the box */ }
    }
    function readDraft() {
      try { return JSON.parse(localStorage.getItem(draftKey) || 'null'); } catch (e) { return null; }
    }
    function forgetDraft() {
      try { localStorage.removeItem(draftKey); } catch (e) { /* nothing to forget */ }
    }

    function say(text, href, linkText) {
      status.textContent = text;
      if (href) {
        var link = el('a', linkText);
        link.href = href;
        link.target = '_blank';
        status.append(' ', link);
      }
    }
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  function button(text, onClick) {
    var b = el('button', text, 'button button--soft');
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }
  function clock(sec) {
    var s = Math.floor(sec || 0);
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }
})();
