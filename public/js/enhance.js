// Small progressive enhancements. Every form works without this file.
(function () {
  'use strict';

  // Move focus to an error summary so screen readers and keyboards land on it.
  var summary = document.querySelector('[data-focus-on-load]');
  if (summary) summary.focus();

  // Prevent a double submit; the server is idempotent anyway, this just calms the button.
  document.querySelectorAll('form').forEach(function (form) {
    form.addEventListener('submit', function () {
      var button = form.querySelector('[data-once]');
      if (button) setTimeout(function () { button.disabled = true; button.textContent = 'Bezig met versturen…'; }, 0);
    });
  });

  // Character counter for long text fields.
  document.querySelectorAll('textarea[data-counter]').forEach(function (area) {
    var max = Number(area.getAttribute('maxlength'));
    var out = document.createElement('p');
    out.className = 'counter';
    out.setAttribute('aria-live', 'polite');
    area.insertAdjacentElement('afterend', out);
    var update = function () {
      var left = max - area.value.length;
      out.textContent = left < 2000 ? 'Nog ' + left.toLocaleString('nl-NL') + ' tekens' : '';
    };
    area.addEventListener('input', update);
    update();
  });

  // Search-as-you-type for long select lists: a text box that filters the options.
  document.querySelectorAll('select[data-filterable]').forEach(function (select) {
    var input = document.createElement('input');
    input.type = 'text';
    input.className = 'filter-input';
    input.id = select.id + '-zoek';
    input.setAttribute('autocomplete', 'off');
    input.setAttribute('aria-controls', select.id);
    var label = document.createElement('label');
    label.htmlFor = input.id;
    label.className = 'visually-hidden';
    label.textContent = select.getAttribute('data-filterable');
    input.placeholder = select.getAttribute('data-filterable') + '…';
    select.insertAdjacentElement('beforebegin', label);
    select.insertAdjacentElement('beforebegin', input);
    var options = Array.prototype.slice.call(select.options, 1);
    input.addEventListener('input', function () {
      var q = input.value.trim().toLowerCase();
      var first = null;
      options.forEach(function (o) {
        var show = !q || o.text.toLowerCase().indexOf(q) !== -1;
        o.hidden = !show;
        if (show && !first) first = o;
      });
      if (q && first && (select.selectedOptions[0] || {}).hidden !== false) select.value = first.value;
    });
    select.addEventListener('change', function () { refreshProviders(); });
  });

  // Providers: ask the server which providers serve the chosen municipality, those first.
  var providerSelect = document.querySelector('select[data-provider-search]');
  function refreshProviders() {
    var municipality = document.getElementById('veld-municipality');
    if (!providerSelect || !municipality || !municipality.value) return;
    fetch('/api/providers?limit=50&municipality=' + encodeURIComponent(municipality.value), { headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (list) {
        if (!list) return;
        var ids = {};
        list.forEach(function (p) { ids[p.id] = true; });
        var group = providerSelect.querySelector('optgroup[data-near]');
        if (group) group.remove();
        if (!list.length) return;
        group = document.createElement('optgroup');
        group.label = 'In jouw gemeente';
        group.setAttribute('data-near', '');
        list.forEach(function (p) { group.appendChild(new Option(p.name, p.id)); });
        providerSelect.insertBefore(group, providerSelect.options[1] || null);
      })
      .catch(function () { /* the full list stays usable */ });
  }
  if (providerSelect) {
    var providerSearch = document.createElement('input');
    providerSearch.type = 'text';
    providerSearch.className = 'filter-input';
    providerSearch.id = 'veld-provider-zoek';
    providerSearch.placeholder = 'Zoek op naam…';
    var providerLabel = document.createElement('label');
    providerLabel.htmlFor = providerSearch.id;
    providerLabel.className = 'visually-hidden';
    providerLabel.textContent = 'Zoek een zorgaanbieder op naam';
    providerSelect.insertAdjacentElement('beforebegin', providerLabel);
    providerSelect.insertAdjacentElement('beforebegin', providerSearch);
    providerSearch.addEventListener('input', function () {
      var q = providerSearch.value.trim().toLowerCase();
      Array.prototype.forEach.call(providerSelect.options, function (o, i) {
        if (i === 0) return;
        o.hidden = !!q && o.text.toLowerCase().indexOf(q) === -1;
      });
    });
  }

  // Voice recorder: record, listen back, record again; the recording goes into the normal file field.
  var recorder = document.querySelector('[data-recorder]');
  var canRecord = window.MediaRecorder && navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.DataTransfer;
  if (recorder && canRecord) {
    recorder.hidden = false;
    var fileInput = document.getElementById('veld-audio-file');
    var fileLabel = document.querySelector('[data-file-label]');
    if (fileLabel) fileLabel.textContent = 'Of kies een opname die je al hebt';
    var recordButton = recorder.querySelector('[data-record]');
    var recordLabel = recorder.querySelector('[data-record-label]');
    var recordStatus = recorder.querySelector('[data-record-status]');
    var playback = recorder.querySelector('[data-playback]');
    var MAX_SECONDS = 600;
    var media = null, chunks = [], startedAt = 0, timer = null, micStream = null;
    var clock = function (s) { return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0'); };
    var stopRecording = function () {
      if (!media || media.state !== 'recording') return;
      media.stop();
      micStream.getTracks().forEach(function (t) { t.stop(); });
      clearInterval(timer);
    };
    var showTime = function () {
      var s = Math.floor((Date.now() - startedAt) / 1000);
      recordStatus.textContent = 'Bezig met opnemen: ' + clock(s) + ' (hoogstens 10:00)';
      if (s >= MAX_SECONDS) stopRecording();
    };
    var finished = function () {
      var type = media.mimeType || 'audio/webm';
      var ext = type.indexOf('mp4') !== -1 ? 'm4a' : type.indexOf('ogg') !== -1 ? 'ogg' : 'webm';
      var blob = new Blob(chunks, { type: type });
      var transfer = new DataTransfer();
      transfer.items.add(new File([blob], 'opname.' + ext, { type: type }));
      fileInput.files = transfer.files;
      playback.src = URL.createObjectURL(blob);
      playback.hidden = false;
      recordButton.classList.remove('recording');
      recordButton.setAttribute('aria-pressed', 'false');
      recordLabel.textContent = 'Opnieuw opnemen';
      recordStatus.textContent = 'Klaar. Luister je opname terug. Tevreden? Verstuur dan je verhaal. Anders neem je opnieuw op.';
    };
    recordButton.addEventListener('click', function () {
      if (media && media.state === 'recording') return stopRecording();
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        micStream = stream;
        chunks = [];
        var type = ['audio/webm;codecs=opus', 'audio/mp4', 'audio/ogg;codecs=opus'].filter(function (t) { return MediaRecorder.isTypeSupported(t); })[0];
        media = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
        media.ondataavailable = function (e) { if (e.data.size) chunks.push(e.data); };
        media.onstop = finished;
        media.start(1000);
        startedAt = Date.now();
        recordButton.classList.add('recording');
        recordButton.setAttribute('aria-pressed', 'true');
        recordLabel.textContent = 'Stop opnemen';
        timer = setInterval(showTime, 500);
        showTime();
      }, function () {
        recordStatus.textContent = 'We mogen je microfoon niet gebruiken. Geef toestemming in je browser, of kies hieronder een opname.';
      });
    });
  }

  // Show one photo field at a time: the next appears when the previous one is filled.
  var slots = document.querySelectorAll('[data-extra-slot]');
  Array.prototype.forEach.call(slots, function (slot) {
    var previous = slot.previousElementSibling && slot.previousElementSibling.querySelector('input[type=file]');
    if (!previous) return;
    slot.hidden = !previous.files.length;
    previous.addEventListener('change', function () { if (previous.files.length) slot.hidden = false; });
  });

  // Receipt: copy, print, save as image.
  var actions = document.querySelector('[data-receipt-actions]');
  if (actions) {
    actions.hidden = false;
    var codeEl = document.querySelector('[data-receipt]');
    var code = codeEl ? codeEl.getAttribute('data-receipt') : '';
    var copyButton = actions.querySelector('[data-copy]');
    copyButton.addEventListener('click', function () {
      navigator.clipboard.writeText(code).then(function () { copyButton.textContent = 'Gekopieerd!'; },
        function () { copyButton.textContent = 'Kopiëren lukte niet: schrijf de code op'; });
    });
    actions.querySelector('[data-print]').addEventListener('click', function () { window.print(); });
    actions.querySelector('[data-save-image]').addEventListener('click', function () {
      var canvas = document.createElement('canvas');
      canvas.width = 900; canvas.height = 360;
      var ctx = canvas.getContext('2d');
      ctx.fillStyle = '#fffdf8'; ctx.fillRect(0, 0, 900, 360);
      ctx.strokeStyle = '#0b5f63'; ctx.lineWidth = 6; ctx.setLineDash([18, 10]); ctx.strokeRect(12, 12, 876, 336);
      ctx.fillStyle = '#1b1b1f'; ctx.font = '28px system-ui, sans-serif'; ctx.fillText('Mijn bon-code voor Gehoord', 48, 80);
      ctx.font = 'bold 48px system-ui, sans-serif'; ctx.fillText(code, 48, 190);
      ctx.font = '24px system-ui, sans-serif'; ctx.fillText('Bewaar deze code goed. Kijk op de website bij "Mijn verhaal bekijken".', 48, 280);
      var link = document.createElement('a');
      link.download = 'gehoord-bon-code.png';
      link.href = canvas.toDataURL('image/png');
      link.click();
    });
  }
})();
