/* A minimal LMS around one SCO, for preview and tests: scorm-again is the API, this page keeps
 * what a real LMS would keep between launches (in localStorage) and shows what it receives.
 * Tests read window.lmsLog (every call) and window.lmsSaved (what a relaunch gets back).
 */
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('lms-config').textContent);
  var is12 = config.version === '1.2';
  var names = is12
    ? { init: 'LMSInitialize', set: 'LMSSetValue', commit: 'LMSCommit', finish: 'LMSFinish',
        entry: 'cmi.core.entry', suspend: 'cmi.suspend_data', location: 'cmi.core.lesson_location',
        exit: 'cmi.core.exit', status: ['cmi.core.lesson_status'], score: ['cmi.core.score.raw'],
        learner: 'student_response' }
    : { init: 'Initialize', set: 'SetValue', commit: 'Commit', finish: 'Terminate',
        entry: 'cmi.entry', suspend: 'cmi.suspend_data', location: 'cmi.location', exit: 'cmi.exit',
        status: ['cmi.completion_status', 'cmi.success_status'], score: ['cmi.score.scaled', 'cmi.score.raw'],
        learner: 'learner_response' };
  var log = window.lmsLog = [];
  var values = {};

  function load() {
    try { return JSON.parse(localStorage.getItem(config.key) || 'null'); } catch (e) { return null; }
  }
  window.lmsSaved = load();

  function keep() {
    var kept = { values: values, resume: values[names.exit] === 'suspend' };
    localStorage.setItem(config.key, JSON.stringify(kept));
    window.lmsSaved = kept;
  }

  function cell(text) { var td = document.createElement('td'); td.textContent = text; return td; }

  function show() {
    var rows = document.getElementById('lms-values');
    rows.textContent = '';
    var shown = names.status.concat(names.score, [names.location, names.exit]);
    shown.forEach(function (name) {
      var tr = document.createElement('tr');
      var th = document.createElement('th'); th.scope = 'row'; th.textContent = name;
      tr.appendChild(th); tr.appendChild(cell(values[name] === undefined ? '' : values[name]));
      rows.appendChild(tr);
    });
    var size = (values[names.suspend] || '').length;
    var tr = document.createElement('tr');
    var th = document.createElement('th'); th.scope = 'row'; th.textContent = names.suspend + ' length';
    var td = cell(size + (is12 ? ' / 4096' : ' / 64000'));
    if (is12 && size > 4096) td.className = 'lms-over';
    tr.appendChild(th); tr.appendChild(td); rows.appendChild(tr);
    var list = document.getElementById('lms-interactions');
    list.textContent = '';
    for (var n = 0; values['cmi.interactions.' + n + '.id'] !== undefined; n += 1) {
      var p = 'cmi.interactions.' + n + '.';
      var row = document.createElement('tr');
      [p + 'id', p + names.learner, p + 'result'].forEach(function (k) { row.appendChild(cell(values[k] || '')); });
      list.appendChild(row);
    }
  }

  function note(call, element, value) {
    log.push({ call: call, element: element || '', value: value === undefined ? '' : String(value) });
    var item = document.createElement('li');
    item.textContent = call + (element ? ' ' + element + ' = ' + value : '');
    document.getElementById('lms-log').appendChild(item);
  }

  function launch() {
    var saved = load();
    var settings = { autocommit: false, logLevel: 5, lmsCommitUrl: false };
    var api = is12 ? new Scorm12API(settings) : new Scorm2004API(settings);
    // What the LMS already holds (score, status…) stays shown and kept until the SCO changes it.
    values = saved ? Object.assign({}, saved.values) : {};
    if (saved && saved.resume) {
      var initial = {};
      Object.keys(saved.values).forEach(function (k) {
        if (k === names.suspend || k === names.location) initial[k] = saved.values[k];
      });
      initial[names.entry] = 'resume';
      api.loadFromFlattenedJSON(initial, '');
    }
    api.on(names.init, function () { note(names.init); });
    api.on(names.set + '.cmi.*', function (element, value) {
      values[element] = String(value);
      note(names.set, element, value);
      show();
    });
    api.on(names.commit, function () { note(names.commit); keep(); });
    api.on(names.finish, function () { note(names.finish); keep(); });
    if (is12) window.API = api; else window.API_1484_11 = api;
    window.lmsApi = api;
    document.getElementById('lms-frame').src = config.launch;
  }

  document.getElementById('lms-relaunch').addEventListener('click', function () {
    var frame = document.getElementById('lms-frame');
    frame.src = 'about:blank';
    setTimeout(launch, 100);
  });
  document.getElementById('lms-reset').addEventListener('click', function () {
    localStorage.removeItem(config.key);
    window.lmsSaved = null;
  });
  launch();
})();
