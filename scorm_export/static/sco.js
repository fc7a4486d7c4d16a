/* The SCO page: navigation, knowledge checks, activities, and what the LMS receives.
 *
 * Data comes from the page's JSON (#sco-data). Learner state is kept in suspend_data as
 * "3|<page>|<visited>|<next>|<url_name>:<value>|…": a format version, the current page (base
 * 36), the pages seen (a hexadecimal bit set), the index of the next interaction (base 36),
 * then one entry per item that has state. Format 2 (no interaction index) is still read.
 * Activities plug in through their adapter (see scorm_export/activities.py): decode, encode,
 * status, mount, and `prepare` where reading a saved value takes time (a compressed one). A
 * state longer than the LMS keeps is not sent: its latest version is kept in this browser
 * (`copyKey`) and read back at the next launch, as long as the LMS still holds the state it
 * was based on; the page says so. The block's grade is Open edX's (static/grading.js).
 */
(function (global) {
  'use strict';
  var FORMAT = '3';
  var READABLE = { '2': 3, '3': 4 };  // format -> index of the first item entry
  var COMMIT_EVERY_MS = 30000;
  var data = JSON.parse(document.getElementById('sco-data').textContent);
  var ui = data.ui;
  var scorm = InsertionProScorm.connect(data.version, data.storage_key);
  var pages = Array.prototype.slice.call(document.querySelectorAll('.sco-page'));
  var known = Object.create(null);
  data.items.forEach(function (item) { known[item.key] = item; });
  var items = Object.create(null);
  var saved = { page: 0, visited: 0n, next: 0, values: Object.create(null) };
  var dirty = false;
  var lastReport = '';
  var started = false;
  // The state the LMS holds (the last one it accepted) and the browser copy of a longer one;
  // each item's value in the last state the LMS accepted.
  var held = '';
  var copyKey = data.storage_key + '|beyond-lms';
  var lastFit = Object.create(null);
  var connected = false;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }
  function byId(id) { return document.getElementById(id); }

  /** Reads a saved state of our own format, whatever cmi.entry says; anything else is ignored.
   * Pages and items beyond the content are dropped, so the state is never re-saved bigger. */
  /** The items' values in a saved state of our own format (none for anything else). */
  function valuesOf(text) {
    var parts = (text || '').split('|'), found = Object.create(null);
    var first = READABLE[parts[0]];
    (first ? parts.slice(first) : []).forEach(function (entry) {
      var at = entry.indexOf(':');
      if (at > 0 && known[entry.slice(0, at)]) found[entry.slice(0, at)] = entry.slice(at + 1);
    });
    return found;
  }

  function readSaved(text) {
    var parts = (text || '').split('|');
    var first = READABLE[parts[0]];
    if (!first) return false;
    var page = parseInt(parts[1], 36);
    saved.page = page >= 0 && page < pages.length ? page : 0;
    try {
      saved.visited = /^[0-9a-f]{1,1024}$/.test(parts[2]) ? BigInt('0x' + parts[2]) : 0n;
    } catch (e) { saved.visited = 0n; }
    saved.visited &= (1n << BigInt(pages.length)) - 1n;
    if (first === 4) {
      var next = parseInt(parts[3], 36);
      saved.next = next >= 0 && next < 1e6 ? next : 0;
    }
    parts.slice(first).forEach(function (entry) {
      var at = entry.indexOf(':');
      var key = at > 0 ? entry.slice(0, at) : '';
      if (key && known[key]) saved.values[key] = entry.slice(at + 1);
    });
    return true;
  }

  /** The state to save; `without` leaves an item out, `fitted` gives each activity its value
   * in the last state the LMS accepted. */
  function suspendData(without, fitted) {
    // The index is bounded as the exporter's suspend_data budget counts it (render.py).
    var entries = [FORMAT, saved.page.toString(36), saved.visited.toString(16), Math.min(scorm.next, 999999).toString(36)];
    data.items.forEach(function (item) {
      var value = item.key === without || !items[item.key] ? ''
        : fitted && item.kind === 'activity' ? lastFit[item.key] || '' : items[item.key].encode();
      if (value) entries.push(item.key + ':' + value);
    });
    return entries.join('|');
  }
  function noteFit() {
    data.items.forEach(function (item) { if (items[item.key]) lastFit[item.key] = items[item.key].encode(); });
  }

  /** The characters an item's value may take so that the whole state fits the LMS. */
  function roomFor(key) {
    return scorm.suspendLimit() - suspendData(key).length - key.length - 2;
  }

  // --- a state longer than the LMS keeps: a browser copy ----------------------------------

  function readCopy(lmsText) {
    try {
      var copy = JSON.parse(global.localStorage.getItem(copyKey) || 'null');
      // Only over what the LMS still holds, for this learner: work done since on another
      // device wins. Offline, or with nothing from the LMS, the copy is left for later.
      if (!copy || typeof copy.data !== 'string') return null;
      if (copy.base === lmsText && copy.learner === scorm.learnerId()) return copy.data;
      if (scorm.mode === 'lms' && lmsText) global.localStorage.removeItem(copyKey);
    } catch (e) { /* storage blocked: nothing kept */ }
    return null;
  }
  function keepCopy(text) {
    var kept = false;
    try {
      global.localStorage.setItem(copyKey, JSON.stringify({ base: held, learner: scorm.learnerId(), data: text }));
      kept = true;
    } catch (e) { /* storage full or blocked */ }
    byId('sco-beyond').hidden = false;
    byId('sco-beyond').textContent = kept ? ui.beyond_kept : ui.beyond_lost;
  }
  function dropCopy() {
    if (byId('sco-beyond').hidden) return;
    try { global.localStorage.removeItem(copyKey); } catch (e) { /* nothing to drop */ }
    byId('sco-beyond').hidden = true;
  }

  // --- knowledge checks ----------------------------------------------------------------------

  function problem(item) {
    var form = byId(item.dom);
    var feedback = form.querySelector('.sco-feedback');
    var solution = form.querySelector('.sco-solution');
    var counter = form.querySelector('.sco-attempts');
    var boxes = item.hints.length;
    // What the learner chose: the option's index, or for checkboxes the mask of boxes ticked.
    var valid = function (chosen) {
      return item.checkbox ? chosen > 0 && chosen < (1 << boxes) : chosen >= 0 && chosen < boxes;
    };
    // Attempts, then the choice: one base-36 digit, or a checkbox mask in always two.
    var match = (item.checkbox ? /^(\d{1,2})([0-9a-z]{2})$/ : /^(\d{1,2})([0-9a-z])$/).exec(savedValue(item.key));
    var state = { attempts: 0, chosen: -1 };
    if (match && valid(parseInt(match[2], 36)) && Number(match[1]) > 0) {
      var attempts = Number(match[1]);
      state = { attempts: item.max_attempts > 0 ? Math.min(attempts, item.max_attempts) : attempts, chosen: parseInt(match[2], 36) };
    }
    if (item.shuffle && global.InsertionProShuffle) {
      // The learner's own order, the same at every visit (capa's shuffle="true").
      var group = form.querySelector('fieldset');
      var rows = Array.prototype.slice.call(group.querySelectorAll('.sco-choice'));
      var order = global.InsertionProShuffle.shuffled(rows.map(function (_r, i) { return i; }),
        global.InsertionProShuffle.orderKey(scorm.learnerId(), item.id));
      order.forEach(function (i) { group.appendChild(rows[i]); });
    }

    function done() {
      return state.chosen === item.answer || (item.max_attempts > 0 && state.attempts >= item.max_attempts);
    }
    function ticked(i) { return item.checkbox ? (state.chosen & (1 << i)) !== 0 : state.chosen === i; }
    function show(announce) {
      if (state.chosen >= 0) {
        for (var i = 0; i < boxes; i += 1) {
          var input = form.querySelector('input[value="' + i + '"]');
          if (input) input.checked = ticked(i);
        }
        var right = state.chosen === item.answer;
        feedback.textContent = '';
        feedback.appendChild(document.createTextNode(right ? ui.correct : ui.incorrect));
        var notes = [];
        for (var j = 0; j < boxes; j += 1) {
          if (ticked(j) && item.hints[j]) notes.push(item.hints[j]);
          else if (item.checkbox && !ticked(j) && (item.answer & (1 << j)) && item.unselected_hints[j]) notes.push(item.unselected_hints[j]);
        }
        if (notes.length === 1 && !item.checkbox) {
          feedback.appendChild(document.createTextNode(' ' + notes[0]));
        } else if (notes.length) {
          var list = document.createElement('ul');
          notes.forEach(function (note) {
            var line = document.createElement('li');
            line.textContent = note;
            list.appendChild(line);
          });
          feedback.appendChild(list);
        }
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
      var chosen = item.checkbox ? 0 : -1;
      Array.prototype.forEach.call(form.querySelectorAll('input:checked'), function (input) {
        var i = Number(input.value);
        if (i >= 0 && i < boxes) chosen = item.checkbox ? chosen | (1 << i) : i;
      });
      if (!valid(chosen)) { feedback.textContent = item.checkbox ? ui.tick_first : ui.choose_first; return; }
      if (done()) return;
      state = { attempts: state.attempts + 1, chosen: chosen };
      show(true);
      var picked = [];
      for (var k = 0; k < boxes; k += 1) if (ticked(k)) picked.push(k);
      scorm.interaction({
        id: item.id + '.' + state.attempts,
        response: picked.map(function (i) { return 'c' + i; }).join('[,]'),
        responseChar: picked.map(function (i) { return i.toString(36); }).join(','),
        result: state.chosen === item.answer ? 'correct' : 'incorrect',
        weighting: item.weight,
        description: item.question,
      });
      changed();
    });
    show(false);
    return {
      // At most two digits of attempts: the bound the exporter checks against suspend_data.
      encode: function () {
        if (!state.attempts) return '';
        var chosen = state.chosen.toString(36);
        return Math.min(state.attempts, 99) + (item.checkbox ? ('0' + chosen).slice(-2) : chosen);
      },
      status: function () { return { done: done(), raw: state.chosen === item.answer ? 1 : 0 }; },
    };
  }

  // --- activities ----------------------------------------------------------------------------

  function activity(item, prepared) {
    var adapter = global[data.activity_types[item.type].adapter];
    var kept = adapter.decode(item.content, item.settings, savedValue(item.key), prepared);
    var touched = Boolean(savedValue(item.key));
    adapter.mount(byId(item.dom).querySelector('.ip-root'), {
      content: item.content,
      settings: item.settings,
      saved: kept,
      seed: scorm.learnerId() + '|' + item.id,
      ui: data.activity_types[item.type].ui,
      capacities: data.capacities,
      room: function () { return roomFor(item.key); },
      changed: function (next, decision) {
        kept = next;
        touched = true;
        // One decision (the interview's step) or several (a submitted map), each recorded.
        [].concat(decision || []).forEach(function (d) {
          scorm.interaction({
            id: item.id + '.' + (d.id || 'a' + d.attempt + '.s' + d.step),
            type: d.type,
            type12: d.type12,
            response: d.response,
            responseChar: d.responseChar,
            result: d.result,
            weighting: d.weighting,
            description: d.description,
          });
        });
        return changed();
      },
    });
    return {
      encode: function () { return touched ? adapter.encode(item.content, item.settings, kept) : ''; },
      status: function () { return adapter.status(item.content, item.settings, kept); },
    };
  }

  function savedValue(key) { return saved.values[key] || ''; }

  // --- the grade, as Open edX computes it, and what the LMS receives ---------------------------

  function graded() {
    return data.items.filter(function (item) { return item.graded && item.weight > 0; });
  }

  function summary() {
    var counted = graded();
    var seen = pages.filter(function (page, i) { return (saved.visited >> BigInt(i)) & 1n; }).length;
    if (!data.graded || !counted.length) {
      return { graded: false, completed: seen === pages.length, progress: +(seen / pages.length).toFixed(4) };
    }
    var scores = Object.create(null), finished = 0;
    counted.forEach(function (item) {
      var s = items[item.key].status();
      scores[item.key] = s.raw;
      if (s.done) finished += 1;
    });
    var grade = InsertionProGrading.grade(data.grading, scores);
    return {
      graded: true,
      score: grade.percent,
      completed: finished === counted.length,
      passed: grade.passed,
      unmet: grade.unmet,
      progress: +(finished / counted.length).toFixed(4),
    };
  }

  function percent(value) { return Math.round(value * 100); }

  /** The score line, its verdict and how each component counts: the score explained. */
  function showScore(s) {
    var line = byId('sco-score');
    if (!s.graded) { line.textContent = s.completed ? ui.completed : ''; return; }
    line.textContent = format(ui.score, { percent: percent(s.score) }) + (s.completed ? ' · ' + ui.completed : '');
    var verdict = byId('sco-verdict');
    if (!s.completed) {
      verdict.textContent = format(ui.pending, { mark: percent(data.grading.pass_mark) });
    } else if (s.passed) {
      verdict.textContent = format(ui.passed, { mark: percent(data.grading.pass_mark) });
    } else if (s.unmet.length) {
      verdict.textContent = format(s.unmet.length > 1 ? ui.failed_required_many : ui.failed_required, {
        names: s.unmet.map(function (key) { return format(ui.quoted, { name: known[key].display_name }); }).join(', '),
      });
    } else {
      verdict.textContent = format(ui.failed, { mark: percent(data.grading.pass_mark) });
    }
    var shares = InsertionProGrading.shares(data.grading);
    var rows = byId('sco-breakdown');
    rows.textContent = '';
    graded().forEach(function (item) {
      var st = items[item.key].status();
      var li = document.createElement('li');
      var text = format(ui.component, {
        name: item.display_name,
        share: percent(shares[item.key] || 0),
        score: st.done || st.raw > 0 ? format(ui.percent, { n: percent(st.raw) }) : ui.not_done,
      });
      if (item.required_mark !== null && item.required_mark !== undefined) {
        var mark = percent(item.required_mark);
        text += ' ' + format(st.raw >= item.required_mark ? ui.required_met : ui.required_unmet, { mark: mark });
      }
      li.textContent = text;
      rows.appendChild(li);
    });
  }

  function changed() {
    dirty = true;
    var s = summary();
    var key = JSON.stringify(s);
    if (key !== lastReport) {
      scorm.report(s);
      lastReport = key;
      showScore(s);
    }
    var text = suspendData();
    if (scorm.save(text, String(saved.page))) {
      held = text;
      noteFit();
      dropCopy();
      return true;
    }
    // Too long for the LMS: it still gets the rest (pages, checks, the interaction index),
    // each activity as it last fitted; the whole state stays in this browser.
    var fitted = suspendData(null, true);
    if (scorm.save(fitted, String(saved.page))) held = fitted;
    keepCopy(text);
    return false;
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
    byId('sco-prev').disabled = saved.page === 0;
    byId('sco-next').disabled = saved.page === pages.length - 1;
    byId('sco-position').textContent = format(ui.position, { n: saved.page + 1, total: pages.length });
    if (focus) pages[saved.page].querySelector('.sco-page-title').focus();
    changed();
  }

  // --- start and finish ----------------------------------------------------------------------

  function showMode(mode) {
    document.body.setAttribute('data-sco-mode', mode);
    byId('sco-connecting').hidden = mode !== 'connecting';
    byId('sco-offline').hidden = mode !== 'offline';
    byId('sco-online').hidden = mode !== 'lms';
  }

  function start() {
    showMode(scorm.mode);
    scorm.onModeChange(showMode);
    connected = true;
    held = scorm.suspendData();
    var copy = readCopy(held);
    readSaved(copy === null ? held : copy);
    scorm.resumeCounter(saved.next);
    // Saved values that take time to read (compressed ones) are read before anything shows.
    var preparing = data.items.map(function (item) {
      var adapter = item.kind === 'activity' && global[data.activity_types[item.type].adapter];
      if (!adapter || !adapter.prepare || !savedValue(item.key)) return null;
      // A throw (a browser without the API it needs) is a value not read, as a rejection.
      return new Promise(function (resolve) {
        resolve(adapter.prepare(item.content, item.settings, savedValue(item.key)));
      }).catch(function () { return null; });
    });
    Promise.all(preparing).then(function (prepared) { begin(prepared); });
  }

  function begin(prepared) {
    if (scorm.finished) return;  // the page went away while saved values were read
    started = true;
    data.items.forEach(function (item, i) {
      items[item.key] = item.kind === 'problem' ? problem(item) : activity(item, prepared[i]);
    });
    // What the LMS holds now, item by item (not the browser copy, which may be longer).
    var lms = valuesOf(held);
    data.items.forEach(function (item) { lastFit[item.key] = lms[item.key] || ''; });
    var before = summary();
    // Back after finishing (or opened by the LMS for review): the learner reads their answers,
    // scores and debriefs; what the LMS holds is never lowered (see scorm-api.js, report).
    if (before.completed || scorm.lmsReview || scorm.held.completed) byId('sco-review').hidden = false;
    if (!data.performance_task && data.graded) byId('sco-no-task').hidden = false;
    Array.prototype.forEach.call(document.querySelectorAll('.sco-toc a'), function (link, i) {
      link.addEventListener('click', function (event) {
        event.preventDefault();
        link.closest('details').open = false;
        goTo(i, true);
      });
    });
    byId('sco-prev').addEventListener('click', function () { goTo(saved.page - 1, true); });
    byId('sco-next').addEventListener('click', function () { goTo(saved.page + 1, true); });
    goTo(saved.page, false);
    showScore(summary());
    scorm.commit();
    global.setInterval(commit, COMMIT_EVERY_MS);
  }

  showMode('connecting');
  // Before the start (the LMS API may come late), a check must not submit the page away.
  document.addEventListener('submit', function (event) { if (!started) event.preventDefault(); });
  // Restored from the back/forward cache after its session ended: start a fresh session.
  global.addEventListener('pageshow', function (event) { if (event.persisted) global.location.reload(); });
  document.addEventListener('visibilitychange', function () {
    if (started && document.visibilityState === 'hidden') commit();
  });
  global.addEventListener('pagehide', function () { if (started || connected) scorm.finish(); });
  global.InsertionProSco = {
    summary: summary,
    suspendData: suspendData,
    finish: function () { scorm.finish(); },
    status: function () { return scorm.status(); },
    started: function () { return started; },
  };
  scorm.start(start);
})(window);
