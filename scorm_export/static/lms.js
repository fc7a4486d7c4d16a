/* A minimal LMS around a package's SCOs, for preview and tests: scorm-again is the API, the
 * menu launches each item of the manifest's default organization, and this page keeps what a
 * real LMS would keep between launches: one record per SCO (in localStorage, one key per
 * package and item) with what the API accepted. It shows what the LMS receives from the SCO
 * on screen.
 *
 * A launch gets back what an LMS gives back: status, score and the interactions already
 * recorded (so cmi.interactions._count goes on from there and new ones are appended), and,
 * when the last session exited with "suspend", cmi.entry "resume" with suspend_data and
 * location; else cmi.entry "ab-initio".
 *
 * Tests read window.lmsLog (every call of the current launch), window.lmsSaved (what a
 * relaunch of the current SCO gets back) and window.lmsApi (the current API object).
 */
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('lms-config').textContent);
  var is12 = config.version === '1.2';
  var names = is12
    ? { init: 'LMSInitialize', set: 'LMSSetValue', commit: 'LMSCommit', finish: 'LMSFinish',
        entry: 'cmi.core.entry', suspend: 'cmi.suspend_data', location: 'cmi.core.lesson_location',
        exit: 'cmi.core.exit', status: ['cmi.core.lesson_status'], score: ['cmi.core.score.raw'],
        held: ['cmi.core.score.min', 'cmi.core.score.max'], learner: 'student_response' }
    : { init: 'Initialize', set: 'SetValue', commit: 'Commit', finish: 'Terminate',
        entry: 'cmi.entry', suspend: 'cmi.suspend_data', location: 'cmi.location', exit: 'cmi.exit',
        status: ['cmi.completion_status', 'cmi.success_status'], score: ['cmi.score.scaled', 'cmi.score.raw'],
        held: ['cmi.score.min', 'cmi.score.max', 'cmi.progress_measure'], learner: 'learner_response' };
  // What every launch of a SCO gets back from its record; a resumed one also gets `resumed`.
  var given = names.status.concat(names.score, names.held);
  var resumed = [names.suspend, names.location];
  var interaction = /^cmi\.interactions\.\d+\./;
  var frame = document.getElementById('lms-frame');
  var menu = document.querySelectorAll('[data-lms-item]');
  var current = null; // the launch shown: {index, item, api, values, log}
  var waiting = null; // the launch asked for while the frame unloads the previous SCO

  function load(item) {
    try { return JSON.parse(localStorage.getItem(item.key) || 'null'); } catch (e) { return null; }
  }

  function keep(launch) {
    if (launch.forgotten) return;
    var kept = { values: launch.values, resume: launch.values[names.exit] === 'suspend' };
    localStorage.setItem(launch.item.key, JSON.stringify(kept));
    if (launch === current) window.lmsSaved = kept;
  }

  /** What the LMS gives the API before the SCO starts (scorm-again's flattened JSON). */
  function startingData(saved) {
    var data = {};
    var resume = !!(saved && saved.resume);
    Object.keys(saved ? saved.values : {}).forEach(function (name) {
      if (given.indexOf(name) >= 0 || interaction.test(name) || (resume && resumed.indexOf(name) >= 0)) {
        data[name] = saved.values[name];
      }
    });
    data[names.entry] = resume ? 'resume' : 'ab-initio';
    return data;
  }

  function cell(text) { var td = document.createElement('td'); td.textContent = text; return td; }

  function show() {
    var values = current.values;
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
    var th = document.createElement('th'); th.scope = 'row';
    th.textContent = config.ui.length.replace('{element}', names.suspend);
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

  function note(launch, call, element, value) {
    launch.log.push({ call: call, element: element || '', value: value === undefined ? '' : String(value) });
    if (launch !== current) return;
    var item = document.createElement('li');
    item.textContent = call + (element ? ' ' + element + ' = ' + value : '');
    document.getElementById('lms-log').appendChild(item);
  }

  function start(index) {
    var item = config.items[index];
    var saved = load(item);
    var settings = { autocommit: false, logLevel: 5, lmsCommitUrl: false };
    var api = is12 ? new Scorm12API(settings) : new Scorm2004API(settings);
    var launch = { index: index, item: item, api: api, values: {}, log: [] };
    // The record shown and kept: what the LMS holds, until the SCO changes it. cmi.exit is the
    // exit of one session; a launch that does not resume starts a new attempt of the SCO.
    Object.assign(launch.values, saved ? saved.values : {});
    delete launch.values[names.exit];
    if (!(saved && saved.resume)) resumed.forEach(function (name) { delete launch.values[name]; });
    api.loadFromFlattenedJSON(startingData(saved), '');
    api.on(names.init, function () { note(launch, names.init); });
    api.on(names.set + '.cmi.*', function (element, value) {
      // An LMS keeps only what it accepted (scorm-again calls listeners either way).
      if (String(api.lastErrorCode) === '0') launch.values[element] = String(value);
      note(launch, names.set, element, value);
      if (launch === current) show();
    });
    api.on(names.commit, function () { note(launch, names.commit); keep(launch); });
    api.on(names.finish, function () { note(launch, names.finish); keep(launch); });

    current = launch;
    if (is12) window.API = api; else window.API_1484_11 = api;
    window.lmsApi = api;
    window.lmsLog = launch.log;
    window.lmsSaved = saved;
    Array.prototype.forEach.call(menu, function (button) {
      if (Number(button.getAttribute('data-lms-item')) === index) button.setAttribute('aria-current', 'page');
      else button.removeAttribute('aria-current');
    });
    var label = document.getElementById('lms-current');
    if (label) label.textContent = config.ui.current.replace('{title}', item.title);
    frame.title = item.title;
    document.getElementById('lms-log').textContent = '';
    show();
    frame.src = item.launch;
  }

  /** Launch item `index` once the SCO shown has gone (its last Commit or Terminate kept). */
  function replace(index) {
    var ask = { index: index };
    waiting = ask;
    if (!current) { waiting = null; start(index); return; }
    frame.addEventListener('load', function blank() {
      var url = '';
      try { url = frame.contentWindow.location.href; } catch (e) { url = ''; }
      if (url !== 'about:blank') return;
      frame.removeEventListener('load', blank);
      if (waiting !== ask) return; // another entry was chosen meanwhile
      waiting = null;
      start(index);
    });
    frame.src = 'about:blank';
  }

  Array.prototype.forEach.call(menu, function (button) {
    button.addEventListener('click', function () {
      var index = Number(button.getAttribute('data-lms-item'));
      if (!waiting && current && current.index === index) return;
      replace(index);
    });
  });
  document.getElementById('lms-relaunch').addEventListener('click', function () {
    replace(waiting ? waiting.index : current.index);
  });
  document.getElementById('lms-reset').addEventListener('click', function () {
    // Forget the current SCO's record, and start it again from nothing: the session shown
    // must not write its data back when it ends.
    var index = waiting ? waiting.index : current.index;
    if (current.index === index) current.forgotten = true;
    localStorage.removeItem(config.items[index].key);
    window.lmsSaved = null;
    replace(index);
  });
  start(0);
})();
