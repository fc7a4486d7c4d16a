/* SCORM connection for a SCO: finds the LMS API, speaks SCORM 1.2 or 2004 through one table.
 *
 * Every per-version detail (element names, vocabularies, time formats, size limits) lives in
 * VERSIONS; the rest of the SCO only speaks of location, suspend data, score, status,
 * interactions. With no LMS API found (or a broken one), a browser-storage stand-in keeps the
 * learner's data on this device and `connection.mode` is "offline", so the page can say so.
 */
(function (global) {
  'use strict';

  function pad(n, width) { return String(n).padStart(width, '0'); }

  // 1.2 CMITimespan: HHHH:MM:SS.SS; 1.2 CMITime: HH:MM:SS.
  function timespan12(ms) {
    var cs = Math.round(ms / 10);
    var h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = Math.floor(cs / 100) % 60;
    return pad(Math.min(h, 9999), 4) + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(cs % 100, 2);
  }
  function time12(date) {
    return pad(date.getHours(), 2) + ':' + pad(date.getMinutes(), 2) + ':' + pad(date.getSeconds(), 2);
  }
  // 2004 timeinterval (ISO 8601 duration) and time (ISO 8601, UTC: without its "Z" the LMS
  // would read local time; SCORM's grammar only allows the zone after fractional seconds).
  function duration2004(ms) {
    var cs = Math.round(ms / 10);
    var h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = (cs % 6000) / 100;
    return 'PT' + h + 'H' + m + 'M' + s.toFixed(2).replace(/\.?0+$/, '') + 'S';
  }
  function time2004(date) { return date.toISOString().slice(0, 22) + 'Z'; }

  // Free-text responses, cut to what each type holds (1.2 fill-in: CMIString255; 2004
  // fill-in: 250 characters per answer; long-fill-in: 4,000).
  var TEXT_LIMITS = { 'fill-in': 250, 'long-fill-in': 4000 };

  /** Text as the LMS may show it back in a page script (Open edX's SCORM block writes the
   * values it holds into one, unescaped): "</" would end that script, so a zero-width space
   * goes between the two characters; what a reader sees is unchanged. */
  /** `text` cut to `limit` UTF-16 units (as LMSs count), never inside a surrogate pair. */
  function cutUnits(text, limit) {
    if (text.length <= limit) return text;
    var end = limit;
    var last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end -= 1;
    return text.slice(0, end);
  }

  function lmsSafe(text) { return String(text).replace(/<\//g, '<\u200b/'); }

  var VERSIONS = {
    '1.2': {
      api: 'API',
      calls: { init: 'LMSInitialize', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit',
        finish: 'LMSFinish', error: 'LMSGetLastError' },
      entry: 'cmi.core.entry', location: 'cmi.core.lesson_location', suspend: 'cmi.suspend_data',
      learner: 'cmi.core.student_id',
      exit: 'cmi.core.exit', exitSuspend: 'suspend',
      sessionTime: 'cmi.core.session_time', duration: timespan12,
      score: { raw: 'cmi.core.score.raw', min: 'cmi.core.score.min', max: 'cmi.core.score.max' },
      suspendLimit: 4096, locationLimit: 255,
      // 1.2 choice responses are single characters 0-9a-z; 2004 takes the choice's identifier.
      interaction: { learner: 'student_response', time: 'time', stamp: time12, description: null, char: true },
      result: { correct: 'correct', incorrect: 'wrong', neutral: 'neutral' },
      status: function (m) {
        var status = m.passed ? 'passed' : m.failed ? 'failed' : m.completed ? 'completed' : 'incomplete';
        return [['cmi.core.lesson_status', status]];
      },
    },
    '2004': {
      api: 'API_1484_11',
      calls: { init: 'Initialize', get: 'GetValue', set: 'SetValue', commit: 'Commit',
        finish: 'Terminate', error: 'GetLastError' },
      entry: 'cmi.entry', location: 'cmi.location', suspend: 'cmi.suspend_data',
      learner: 'cmi.learner_id',
      exit: 'cmi.exit', exitSuspend: 'suspend',
      sessionTime: 'cmi.session_time', duration: duration2004,
      score: { raw: 'cmi.score.raw', min: 'cmi.score.min', max: 'cmi.score.max', scaled: 'cmi.score.scaled' },
      suspendLimit: 64000, locationLimit: 1000,
      interaction: { learner: 'learner_response', time: 'timestamp', stamp: time2004, description: 'description', char: false },
      result: { correct: 'correct', incorrect: 'incorrect', neutral: 'neutral' },
      status: function (m) {
        return [
          ['cmi.progress_measure', String(m.progress)],
          ['cmi.completion_status', m.completed ? 'completed' : 'incomplete'],
          ['cmi.success_status', m.passed ? 'passed' : m.failed ? 'failed' : 'unknown'],
        ];
      },
    },
  };

  var RETRY_MS = 100;    // how often to look for a late API
  var GRACE_MS = 2000;   // how long after the page's load before going offline
  var REQUIRED = ['init', 'get', 'set', 'commit', 'finish'];
  // "Already initialized" (1.2's 101 as scorm-again answers it, 2004's 103): the session is on.
  var ALREADY_ON = { '1.2': ['101'], '2004': ['103'] };

  // The standard API discovery: up the parents of this window, then those of its opener.
  function findIn(win, name) {
    for (var depth = 0; win && depth < 500; depth += 1) {
      try {
        if (win[name]) return win[name];
      } catch (crossOrigin) { return null; }
      if (!win.parent || win.parent === win) return null;
      win = win.parent;
    }
    return null;
  }
  function discover(version) {
    var name = VERSIONS[version].api;
    try {
      var api = findIn(global, name);
      if (!api && global.opener) api = findIn(global.opener, name);
      if (!api && global.top && global.top.opener) api = findIn(global.top.opener, name);
      return api;
    } catch (error) { return null; }
  }

  // Keeps the SCO's own data in browser storage when no LMS is there.
  function storageApi(key, table) {
    var kept = [table.suspend, table.location];
    var data = {};
    try { data = JSON.parse(global.localStorage.getItem(key) || '{}'); } catch (e) { data = {}; }
    if (!data || typeof data !== 'object' || Array.isArray(data)) data = {};
    function save() {
      try { global.localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full or blocked */ }
      return 'true';
    }
    return {
      init: function () { return 'true'; },
      get: function (e) { return Object.prototype.hasOwnProperty.call(data, e) ? String(data[e]) : ''; },
      set: function (e, v) { if (kept.indexOf(e) >= 0) data[e] = String(v); return 'true'; },
      commit: save,
      finish: save,
      error: function () { return '0'; },
    };
  }

  /** What the LMS already holds for this SCO, which the SCO never lowers. */
  function heldRecord(version, get) {
    var held = { completed: false, passed: false, failed: false, score: null };
    var status = version === '1.2' ? get('cmi.core.lesson_status') : get('cmi.success_status');
    var completion = version === '1.2' ? status : get('cmi.completion_status');
    held.passed = status === 'passed';
    held.failed = status === 'failed';
    held.completed = held.passed || held.failed || completion === 'completed';
    var raw = parseFloat(get(version === '1.2' ? 'cmi.core.score.raw' : 'cmi.score.raw'));
    if (isFinite(raw) && raw >= 0 && raw <= 100) held.score = raw / 100;
    return held;
  }

  /**
   * The SCO's link to the LMS. `start(ready)` looks for the API by the standard walk, again
   * every RETRY_MS until the page has loaded and GRACE_MS more (some LMSs publish it late),
   * then calls `ready`. `mode` is "connecting", then "lms" or "offline". Every call to the
   * LMS is guarded: a missing method, a throw or a refused start makes the SCO go on offline
   * (its data kept in this browser), logged once; the LMS session is ended at most once.
   */
  function Connection(version, storageKey) {
    this.version = version;
    this.table = VERSIONS[version];
    this.storage = storageApi(storageKey, this.table);
    this.mode = 'connecting';
    this.api = null;
    this.finished = false;     // finish() was called
    this.lmsOpen = false;      // an LMS session was started and not yet ended
    this.started = Date.now();
    this.kept = { suspend: null, location: null };
    this.held = { completed: false, passed: false, failed: false, score: null };
    this.lmsReview = false;
    this.lmsCount = null;      // cmi.interactions._count, where the LMS answers a number
    this.next = 0;             // index of the next interaction
    this.sent = 0;             // interactions recorded in this session
    this.problem = '';
    this.listeners = [];
  }

  Connection.prototype.start = function (ready) {
    var self = this, loadedAt = null;
    function look() {
      var api = discover(self.version);
      if (api) { self.begin(api); return ready(self); }
      if (document.readyState === 'complete') {
        if (loadedAt === null) loadedAt = Date.now();
        if (Date.now() - loadedAt >= GRACE_MS) { self.goOffline(''); return ready(self); }
      }
      global.setTimeout(look, RETRY_MS);
    }
    look();
  };

  Connection.prototype.begin = function (api) {
    var calls = this.table.calls;
    var missing = REQUIRED.filter(function (op) {
      try { return typeof api[calls[op]] !== 'function'; } catch (e) { return true; }
    });
    if (missing.length) {
      return this.goOffline('the LMS API has no ' + missing.map(function (op) { return calls[op]; }).join(', '));
    }
    this.api = api;
    this.mode = 'lms';
    var result = this.call('init');
    if (this.mode !== 'lms') return;
    if (result !== 'true') {
      var code = this.call('error');
      if (ALREADY_ON[this.version].indexOf(code) < 0) {
        return this.goOffline(calls.init + ' answered ' + result + ' (error ' + code + ')');
      }
    }
    this.lmsOpen = true;
    var self = this;
    var get = function (element) { return self.call('get', element); };
    this.held = heldRecord(this.version, get);
    this.lmsReview = get(this.version === '1.2' ? 'cmi.core.lesson_mode' : 'cmi.mode') === 'review';
    var count = get('cmi.interactions._count');
    this.lmsCount = /^\d{1,6}$/.test(count) ? Number(count) : null;
  };

  /** One call to the LMS (or, offline, to the browser's storage); always a string. */
  Connection.prototype.call = function (op, element, value) {
    if (this.mode !== 'lms') return String(this.storage[op](element, value));
    var name = this.table.calls[op];
    try {
      if (op === 'error' && typeof this.api[name] !== 'function') return '';
      var args = op === 'get' ? [element] : op === 'set' ? [element, String(value)] : op === 'error' ? [] : [''];
      return String(this.api[name].apply(this.api, args));
    } catch (error) {
      this.goOffline(name + (element ? '(' + element + ')' : '') + ' threw ' + error);
      return op === 'get' ? this.storage.get(element) : 'false';
    }
  };

  /** From now on the SCO keeps its data in this browser; the LMS session is ended once. */
  Connection.prototype.goOffline = function (reason) {
    if (this.mode === 'offline') return;
    var wasOpen = this.lmsOpen;
    this.mode = 'offline';
    this.lmsOpen = false;
    if (reason) {
      this.problem = reason;
      if (global.console) global.console.warn('insertion-pro SCORM: ' + reason + '; going on offline.');
    }
    if (wasOpen && !this.finished) {
      try { this.api[this.table.calls.finish](''); } catch (e) { /* the LMS is broken: nothing more to do */ }
    }
    if (this.kept.suspend !== null) {
      this.storage.set(this.table.suspend, this.kept.suspend);
      if (this.kept.location !== null) this.storage.set(this.table.location, this.kept.location);
      this.storage.commit();
    }
    var self = this;
    this.listeners.forEach(function (listener) { listener(self.mode); });
  };

  Connection.prototype.onModeChange = function (listener) { this.listeners.push(listener); };
  Connection.prototype.offline = function () { return this.mode !== 'lms'; };

  Connection.prototype.suspendData = function () { return this.call('get', this.table.suspend); };
  /** The LMS's id of the learner, seeding the order of choices ("" offline or if unanswered). */
  Connection.prototype.learnerId = function () {
    return this.mode === 'lms' ? this.call('get', this.table.learner) : '';
  };

  /** Where the next interaction goes: the LMS's count where it answers one, else our own. */
  Connection.prototype.resumeCounter = function (own) {
    this.next = this.lmsCount !== null ? this.lmsCount : Math.max(0, own || 0);
  };

  /** The longest suspend_data this version's LMS keeps. */
  Connection.prototype.suspendLimit = function () { return this.table.suspendLimit; };

  /** Saves the SCO's state; a state over the version's limit is not sent (and logged). */
  Connection.prototype.save = function (suspendData, location) {
    if (suspendData.length > this.table.suspendLimit) {
      if (global.console) global.console.warn('insertion-pro SCORM: suspend_data over the limit, not saved');
      return false;
    }
    this.kept = { suspend: suspendData, location: location ? location.slice(0, this.table.locationLimit) : null };
    var accepted = this.call('set', this.table.suspend, suspendData) === 'true';
    if (location) this.call('set', this.table.location, this.kept.location);
    return accepted;
  };

  /** What is reported: the learner's result, never below what the LMS already holds. */
  Connection.prototype.merged = function (s) {
    var held = this.held, ours = s.graded && s.completed;
    var passed = (ours && s.passed) || held.passed;
    return {
      graded: s.graded || held.score !== null,
      completed: s.completed || held.completed,
      passed: passed,
      failed: !passed && (ours || held.failed),
      score: ours && (held.score === null || s.score >= held.score) ? s.score : null,
      progress: s.completed || held.completed ? 1 : s.progress,
    };
  };

  /** Score first, then status: some LMSs derive the status from the score they already hold.
   *
   * No score before the block is complete: an LMS judges any score it holds against the
   * mastery score (1.2 at LMSFinish, 2004 through the objective), and would mark a learner
   * who stopped half-way as failed. Exit is always "suspend": the LMS keeps the learner's
   * data, so that a relaunch after completion opens in review mode instead of a blank block.
   */
  Connection.prototype.report = function (s) {
    var t = this.table, self = this, m = this.merged(s);
    var set = function (element, value) { self.call('set', element, value); };
    if (m.score !== null) {
      set(t.score.min, '0');
      set(t.score.max, '100');
      set(t.score.raw, String(Math.round(m.score * 10000) / 100));
      if (t.score.scaled) set(t.score.scaled, String(Math.round(m.score * 10000) / 10000));
    }
    t.status(m).forEach(function (pair) { set(pair[0], pair[1]); });
    set(t.exit, t.exitSuspend);
  };

  /** One interaction per decision, at the SCO's own index; `result` is "correct",
   * "incorrect" or "neutral". An interaction the LMS refuses does not take an index. */
  Connection.prototype.interaction = function (record) {
    if (this.mode !== 'lms') return false;
    var t = this.table, self = this;
    var prefix = 'cmi.interactions.' + this.next + '.';
    var set = function (field, value) { return self.call('set', prefix + field, value) === 'true'; };
    if (!set('id', record.id)) {
      // A strict LMS refuses an index beyond its own count: append where it says, once.
      var count = this.call('get', 'cmi.interactions._count');
      if (this.mode !== 'lms' || !/^\d{1,6}$/.test(count) || Number(count) === this.next) return false;
      this.next = Number(count);
      prefix = 'cmi.interactions.' + this.next + '.';
      if (!set('id', record.id)) return false;
    }
    var type = (t.interaction.char && record.type12) || record.type || 'choice';
    var learner = lmsSafe(t.interaction.char ? record.responseChar : record.response);
    set('type', type);
    // Nothing chosen: no response at all, which both versions allow (an empty one is refused).
    if (learner) set(t.interaction.learner, TEXT_LIMITS[type] ? cutUnits(learner, TEXT_LIMITS[type]) : learner);
    // A share of the item's points is a number, which both versions accept as a result.
    set('result', typeof record.result === 'number' ? String(record.result) : t.result[record.result]);
    set('weighting', String(record.weighting));
    set(t.interaction.time, t.interaction.stamp(new Date()));
    if (t.interaction.description && record.description) {
      set(t.interaction.description, lmsSafe(record.description).slice(0, 250));
    }
    this.next += 1;
    this.sent += 1;
    return true;
  };

  Connection.prototype.commit = function () { if (!this.finished) this.call('commit'); };

  /** Session time, a last commit and the end of the session, exactly once. */
  Connection.prototype.finish = function () {
    if (this.finished) return;
    if (this.mode === 'lms') {
      this.call('set', this.table.sessionTime, this.table.duration(Date.now() - this.started));
      this.call('commit');
    }
    this.finished = true;
    if (this.mode === 'lms') {
      this.lmsOpen = false;
      this.call('finish');
    } else {
      this.storage.finish();
    }
  };

  Connection.prototype.status = function () {
    return { mode: this.mode, sent: this.sent, next: this.next, problem: this.problem };
  };

  global.InsertionProScorm = {
    connect: function (version, storageKey) { return new Connection(version, storageKey); },
    timing: { retry: RETRY_MS, grace: GRACE_MS },
    VERSIONS: VERSIONS,
    formats: { timespan12: timespan12, duration2004: duration2004, time12: time12, time2004: time2004 },
  };
})(typeof window !== 'undefined' ? window : globalThis);
