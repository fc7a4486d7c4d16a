/* SCORM connection for a SCO: finds the LMS API, speaks SCORM 1.2 or 2004 through one table.
 *
 * Every per-version detail (element names, vocabularies, time formats, size limits) lives in
 * VERSIONS; the rest of the SCO only speaks of location, suspend data, score, status,
 * interactions. With no LMS API found, a browser-storage stand-in keeps the learner's data on
 * this device and `connection.offline` is true, so the page can say so.
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

  var VERSIONS = {
    '1.2': {
      api: 'API',
      calls: { init: 'LMSInitialize', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit',
        finish: 'LMSFinish', error: 'LMSGetLastError' },
      entry: 'cmi.core.entry', location: 'cmi.core.lesson_location', suspend: 'cmi.suspend_data',
      learner: 'cmi.core.student_id',
      exit: 'cmi.core.exit', exitSuspend: 'suspend', exitNormal: '',
      sessionTime: 'cmi.core.session_time', duration: timespan12,
      score: { raw: 'cmi.core.score.raw', min: 'cmi.core.score.min', max: 'cmi.core.score.max' },
      suspendLimit: 4096, locationLimit: 255,
      // 1.2 choice responses are single characters 0-9a-z; 2004 takes the choice's identifier.
      interaction: { learner: 'student_response', time: 'time', stamp: time12, description: null, char: true },
      result: { correct: 'correct', incorrect: 'wrong', neutral: 'neutral' },
      status: function (s) {
        var status = !s.completed ? 'incomplete' : s.graded ? (s.passed ? 'passed' : 'failed') : 'completed';
        return [['cmi.core.lesson_status', status]];
      },
    },
    '2004': {
      api: 'API_1484_11',
      calls: { init: 'Initialize', get: 'GetValue', set: 'SetValue', commit: 'Commit',
        finish: 'Terminate', error: 'GetLastError' },
      entry: 'cmi.entry', location: 'cmi.location', suspend: 'cmi.suspend_data',
      learner: 'cmi.learner_id',
      exit: 'cmi.exit', exitSuspend: 'suspend', exitNormal: 'normal',
      sessionTime: 'cmi.session_time', duration: duration2004,
      score: { raw: 'cmi.score.raw', min: 'cmi.score.min', max: 'cmi.score.max', scaled: 'cmi.score.scaled' },
      suspendLimit: 64000, locationLimit: 1000,
      interaction: { learner: 'learner_response', time: 'timestamp', stamp: time2004, description: 'description', char: false },
      result: { correct: 'correct', incorrect: 'incorrect', neutral: 'neutral' },
      status: function (s) {
        return [
          ['cmi.progress_measure', String(s.progress)],
          ['cmi.completion_status', s.completed ? 'completed' : 'incomplete'],
          ['cmi.success_status', s.completed && s.graded ? (s.passed ? 'passed' : 'failed') : 'unknown'],
        ];
      },
    },
  };

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
    var api = findIn(global, name);
    if (!api && global.opener) api = findIn(global.opener, name);
    if (!api && global.top && global.top.opener) api = findIn(global.top.opener, name);
    return api;
  }

  // Keeps the SCO's own data in browser storage when no LMS is there.
  function storageApi(key, table) {
    var kept = [table.suspend, table.location];
    var data = {};
    try { data = JSON.parse(global.localStorage.getItem(key) || '{}'); } catch (e) { data = {}; }
    function save() {
      try { global.localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full or blocked */ }
      return true;
    }
    return {
      init: function () { data[table.entry] = data[table.suspend] ? 'resume' : 'ab-initio'; return true; },
      get: function (e) { return data[e] === undefined ? '' : String(data[e]); },
      set: function (e, v) { if (kept.indexOf(e) >= 0) data[e] = String(v); return true; },
      commit: save,
      finish: save,
    };
  }

  function Connection(version, storageKey) {
    var table = VERSIONS[version];
    var api = discover(version);
    this.table = table;
    this.offline = !api;
    this.finished = false;
    this.started = Date.now();
    if (api) {
      var calls = table.calls;
      this.raw = {
        init: function () { return String(api[calls.init]('')) === 'true'; },
        get: function (e) { return String(api[calls.get](e)); },
        set: function (e, v) { return String(api[calls.set](e, String(v))) === 'true'; },
        commit: function () { return String(api[calls.commit]('')) === 'true'; },
        finish: function () { return String(api[calls.finish]('')) === 'true'; },
      };
    } else {
      this.raw = storageApi(storageKey, table);
    }
    this.raw.init();
  }

  /** Entry "resume", or no entry at all with data kept: Open edX's SCORM block never sets
   * cmi.entry (it reads ""), yet gives back the suspend_data of the last session. */
  Connection.prototype.resuming = function () {
    var entry = this.raw.get(this.table.entry);
    return entry === 'resume' || (entry === '' && this.suspendData() !== '');
  };
  Connection.prototype.suspendData = function () { return this.raw.get(this.table.suspend); };
  /** The LMS's id of the learner, seeding the order of choices ("" offline or if unanswered). */
  Connection.prototype.learnerId = function () {
    try { return this.raw.get(this.table.learner) || ''; } catch (e) { return ''; }
  };

  Connection.prototype.save = function (suspendData, location) {
    if (suspendData.length > this.table.suspendLimit) throw new Error('suspend_data over the limit');
    this.raw.set(this.table.suspend, suspendData);
    if (location) this.raw.set(this.table.location, location.slice(0, this.table.locationLimit));
  };

  /** Score first, then status: some LMSs derive the status from the score they already hold.
   *
   * No score before the block is complete: an LMS judges any score it holds against the
   * mastery score (1.2 at LMSFinish, 2004 through the objective), and would mark a learner
   * who stopped half-way as failed.
   */
  Connection.prototype.report = function (s) {
    var t = this.table, raw = this.raw;
    if (s.graded && s.completed) {
      raw.set(t.score.min, '0');
      raw.set(t.score.max, '100');
      raw.set(t.score.raw, String(Math.round(s.score * 10000) / 100));
      if (t.score.scaled) raw.set(t.score.scaled, String(Math.round(s.score * 10000) / 10000));
    }
    t.status(s).forEach(function (pair) { raw.set(pair[0], pair[1]); });
    raw.set(t.exit, s.completed ? t.exitNormal : t.exitSuspend);
  };

  /** One interaction per decision; `result` is "correct", "incorrect" or "neutral". */
  Connection.prototype.interaction = function (record) {
    var t = this.table, raw = this.raw;
    var n = parseInt(raw.get('cmi.interactions._count'), 10) || 0;
    var prefix = 'cmi.interactions.' + n + '.';
    raw.set(prefix + 'id', record.id);
    raw.set(prefix + 'type', 'choice');
    raw.set(prefix + t.interaction.learner, t.interaction.char ? record.responseChar : record.response);
    raw.set(prefix + 'result', t.result[record.result]);
    raw.set(prefix + 'weighting', String(record.weighting));
    raw.set(prefix + t.interaction.time, t.interaction.stamp(new Date()));
    if (t.interaction.description && record.description) {
      raw.set(prefix + t.interaction.description, record.description.slice(0, 250));
    }
  };

  Connection.prototype.commit = function () { if (!this.finished) this.raw.commit(); };

  /** Session time, a last commit and the end of the session, exactly once. */
  Connection.prototype.finish = function () {
    if (this.finished) return;
    this.raw.set(this.table.sessionTime, this.table.duration(Date.now() - this.started));
    this.raw.commit();
    this.raw.finish();
    this.finished = true;
  };

  global.InsertionProScorm = {
    connect: function (version, storageKey) { return new Connection(version, storageKey); },
    VERSIONS: VERSIONS,
    formats: { timespan12: timespan12, duration2004: duration2004, time12: time12, time2004: time2004 },
  };
})(typeof window !== 'undefined' ? window : globalThis);
