/* The SCO page: navigation, knowledge checks, activities, and what the LMS receives.
 *
 * Data comes from the page's JSON (#sco-data). Learner state is kept in suspend_data as
 * "2|<page>|<visited>|<url_name>:<value>|…": a format version, the current page (base 36),
 * the pages seen (a hexadecimal bit set), then one entry per item that has state. Activities
 * plug in through their adapter (see scorm_export/activities.py): decode, encode, status, mount.
 */
(function (global) {
  'use strict';
  var FORMAT = '2';  // 1 keyed items by position; data of another format is not read
  var COMMIT_EVERY_MS = 30000;
  var data = JSON.parse(document.getElementById('sco-data').textContent);
  var ui = data.ui;
  var scorm = InsertionProScorm.connect(data.version, data.storage_key);
  var pages = Array.prototype.slice.call(document.querySelectorAll('.sco-page'));
  var items = {};
  var saved = { page: 0, visited: 0n, values: {} };
  var dirty = false;
  var lastReport = '';

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function readSaved(text) {
    var parts = (text || '').split('|');
    if (parts[0] !== FORMAT) return;
    saved.page = Math.min(parseInt(parts[1], 36) || 0, pages.length - 1);
    try { saved.visited = BigInt('0x' + (parts[2] || '0')); } catch (e) { saved.visited = 0n; }
    parts.slice(3).forEach(function (entry) {
      var at = entry.indexOf(':');
      if (at > 0) saved.values[entry.slice(0, at)] = entry.slice(at + 1);
    });
  }

  function suspendData() {
    var entries = [FORMAT, saved.page.toString(36), saved.visited.toString(16)];
    data.items.forEach(function (item) {
      var value = items[item.key].encode();
      if (value) entries.push(item.key + ':' + value);
    });
    return entries.join('|');
  }

  // --- knowledge checks ----------------------------------------------------------------------

  function problem(item) {
    var form = document.getElementById(item.dom);
    var feedback = form.querySelector('.sco-feedback');
    var solution = form.querySelector('.sco-solution');
    var counter = form.querySelector('.sco-attempts');
    var match = /^(\d+)([0-9a-z])$/.exec(savedValue(item.key));
    var state = match ? { attempts: parseInt(match[1], 10), chosen: parseInt(match[2], 36) } : { attempts: 0, chosen: -1 };

    function done() {
      return state.chosen === item.answer || (item.max_attempts > 0 && state.attempts >= item.max_attempts);
    }
    function show(announce) {
      if (state.chosen >= 0) {
        var input = form.querySelector('input[value="' + state.chosen + '"]');
        if (input) input.checked = true;
        var right = state.chosen === item.answer;
        feedback.textContent = (right ? ui.correct : ui.incorrect) + ' ' + item.hints[state.chosen];
        feedback.className = 'sco-feedback ' + (right ? 'sco-right' : 'sco-wrong');
      }
      if (item.max_attempts > 0) {
        counter.textContent = format(ui.attempts, { used: state.attempts, max: item.max_attempts });
      }
      if (done()) {
        solution.hidden = false;
        Array.prototype.forEach.call(form.querySelectorAll('input, button'), function (el) { el.disabled = true; });
        // The focused button is now disabled: focus goes on to the explanation.
        solution.setAttribute('tabindex', '-1');
        if (announce) solution.focus();
      }
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var choice = form.querySelector('input:checked');
      if (!choice) { feedback.textContent = ui.choose_first; return; }
      if (done()) return;
      state = { attempts: state.attempts + 1, chosen: Number(choice.value) };
      show(true);
      scorm.interaction({
        id: item.id + '.' + state.attempts,
        response: 'c' + state.chosen,
        responseChar: state.chosen.toString(36),
        result: state.chosen === item.answer ? 'correct' : 'incorrect',
        weighting: item.weight,
        description: item.question,
      });
      changed();
    });
    show(false);
    return {
      // At most two digits of attempts: the bound the exporter checks against suspend_data.
      encode: function () { return state.attempts ? Math.min(state.attempts, 99) + state.chosen.toString(36) : ''; },
      status: function () { return { done: done(), raw: state.chosen === item.answer ? 1 : 0 }; },
    };
  }

  // --- activities ----------------------------------------------------------------------------

  function activity(item) {
    var adapter = global[data.activity_types[item.type].adapter];
    var kept = adapter.decode(item.content, item.settings, savedValue(item.key));
    var touched = Boolean(savedValue(item.key));
    adapter.mount(document.getElementById(item.dom).querySelector('.ip-root'), {
      content: item.content,
      settings: item.settings,
      saved: kept,
      seed: scorm.learnerId() + '|' + item.id,
      ui: data.activity_types[item.type].ui,
      capacities: data.capacities,
      changed: function (next, decision) {
        kept = next;
        touched = true;
        if (decision) {
          scorm.interaction({
            id: item.id + '.a' + decision.attempt + '.s' + decision.step,
            response: decision.response,
            responseChar: decision.responseChar,
            result: decision.result,
            weighting: decision.weighting,
            description: decision.description,
          });
        }
        changed();
      },
    });
    return {
      encode: function () { return touched ? adapter.encode(item.content, item.settings, kept) : ''; },
      status: function () { return adapter.status(item.content, item.settings, kept); },
    };
  }

  function savedValue(key) { return saved.values[key] || ''; }

  // --- what the LMS receives -----------------------------------------------------------------

  function summary() {
    var graded = data.items.filter(function (item) { return item.graded && item.weight > 0; });
    var weight = 0, earned = 0, finished = 0;
    graded.forEach(function (item) {
      var s = items[item.key].status();
      weight += item.weight;
      earned += item.weight * s.raw;
      if (s.done) finished += 1;
    });
    var seen = pages.filter(function (page, i) { return (saved.visited >> BigInt(i)) & 1n; }).length;
    if (!graded.length) {
      return { graded: false, completed: seen === pages.length, progress: +(seen / pages.length).toFixed(4) };
    }
    var score = weight ? earned / weight : 0;
    return {
      graded: true,
      score: score,
      completed: finished === graded.length,
      passed: score >= data.mastery,
      progress: +(finished / graded.length).toFixed(4),
    };
  }

  function changed() {
    dirty = true;
    var s = summary();
    var key = JSON.stringify(s);
    if (key !== lastReport) {
      scorm.report(s);
      lastReport = key;
      document.getElementById('sco-score').textContent = s.graded
        ? format(ui.score, { percent: Math.round(s.score * 100) }) + (s.completed ? ' · ' + ui.completed : '')
        : s.completed ? ui.completed : '';
    }
    scorm.save(suspendData(), String(saved.page));
  }

  function commit() { if (dirty) { scorm.commit(); dirty = false; } }

  // --- navigation ----------------------------------------------------------------------------

  function goTo(index, focus) {
    saved.page = Math.max(0, Math.min(index, pages.length - 1));
    saved.visited |= 1n << BigInt(saved.page);
    pages.forEach(function (page, i) { page.hidden = i !== saved.page; });
    Array.prototype.forEach.call(document.querySelectorAll('.sco-toc a'), function (link, i) {
      if (i === saved.page) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    });
    document.getElementById('sco-prev').disabled = saved.page === 0;
    document.getElementById('sco-next').disabled = saved.page === pages.length - 1;
    document.getElementById('sco-position').textContent = format(ui.position, { n: saved.page + 1, total: pages.length });
    if (focus) pages[saved.page].querySelector('.sco-page-title').focus();
    changed();
  }

  Array.prototype.forEach.call(document.querySelectorAll('.sco-toc a'), function (link, i) {
    link.addEventListener('click', function (event) {
      event.preventDefault();
      link.closest('details').open = false;
      goTo(i, true);
    });
  });
  document.getElementById('sco-prev').addEventListener('click', function () { goTo(saved.page - 1, true); });
  document.getElementById('sco-next').addEventListener('click', function () { goTo(saved.page + 1, true); });

  // --- start and finish ----------------------------------------------------------------------

  if (scorm.offline) document.getElementById('sco-offline').hidden = false;
  if (scorm.resuming()) readSaved(scorm.suspendData());
  data.items.forEach(function (item) { items[item.key] = item.kind === 'problem' ? problem(item) : activity(item); });
  goTo(saved.page, false);
  scorm.commit();

  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') commit(); });
  global.addEventListener('pagehide', function () { scorm.finish(); });
  global.setInterval(commit, COMMIT_EVERY_MS);
  global.InsertionProSco = { summary: summary, suspendData: suspendData, finish: function () { scorm.finish(); } };
})(window);
