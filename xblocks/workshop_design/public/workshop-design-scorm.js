/* Workshop design in a SCO: the learner's page on the local transport, the JS engine deciding,
 * the automatic checks giving the score (no trainer in another LMS).
 *
 * The SCO runtime (scorm_export/static/sco.js) calls this adapter through the activity seam:
 * prepare (inflate a saved state), decode, encode, status, mount. The compact state is
 * described in xblocks/workshop_design/compact.py, its reference: positional JSON, raw deflate
 * (the browser's CompressionStream), then 85 ASCII characters per 4 bytes ("WA…"), or, where
 * that would not fit the room the SCO has, 14 bits per character ("WU…"). Compression takes a
 * moment: the adapter keeps the last compressed state (`saved.text`) for `encode`, and tells
 * the SCO of each change once its state is written, in order.
 *
 * On each submit the SCO records the plan as text (`long-fill-in`; in 1.2 a summary, as its
 * fill-in holds 255 characters) and one record per automatic check.
 */
(function (global) {
  'use strict';
  var E = global.WorkshopDesignEngine;
  var FORMAT = 1;
  var ASCII85 = '';
  for (var c = 0x21; c < 0x7e; c += 1) {
    var ch = String.fromCharCode(c);
    if ('"&\'<>\\`|'.indexOf(ch) < 0) ASCII85 += ch;
  }
  var DENSE_BASE = 0x4e00;
  var DENSE_BITS = 14;
  var MAX_INFLATED = 512 * 1024;
  var NEAR = 0.85;  // past this share of its room, the page warns the learner

  // --- bytes and text ------------------------------------------------------------------------

  function toAscii(bytes) {
    var out = '';
    for (var i = 0; i < bytes.length; i += 4) {
      var size = Math.min(4, bytes.length - i), value = 0;
      for (var k = 0; k < 4; k += 1) value = value * 256 + (k < size ? bytes[i + k] : 0);
      var group = '';
      for (var d = 0; d < 5; d += 1) { group = ASCII85[value % 85] + group; value = Math.floor(value / 85); }
      out += group.slice(0, size + 1);
    }
    return out;
  }
  function fromAscii(text) {
    var out = [];
    for (var i = 0; i < text.length; i += 5) {
      var group = text.slice(i, i + 5);
      if (group.length === 1) return null;
      var value = 0;
      for (var k = 0; k < 5; k += 1) {
        var digit = k < group.length ? ASCII85.indexOf(group[k]) : 84;
        if (digit < 0) return null;
        value = value * 85 + digit;
      }
      if (value >= 4294967296) return null;
      var four = [Math.floor(value / 16777216) % 256, Math.floor(value / 65536) % 256, Math.floor(value / 256) % 256, value % 256];
      for (var b = 0; b < group.length - 1; b += 1) out.push(four[b]);
    }
    return new Uint8Array(out);
  }
  function toDense(bytes) {
    var out = '', acc = 0, bits = 0, count = Math.ceil((bytes.length * 8) / DENSE_BITS);
    for (var i = 0; i < bytes.length; i += 1) {
      acc = (acc * 256 + bytes[i]) % 4194304;  // at most 22 bits kept: exact
      bits += 8;
      if (bits >= DENSE_BITS) {
        bits -= DENSE_BITS;
        out += String.fromCharCode(DENSE_BASE + Math.floor(acc / Math.pow(2, bits)));
        acc %= Math.pow(2, bits);
      }
    }
    if (bits) out += String.fromCharCode(DENSE_BASE + acc * Math.pow(2, DENSE_BITS - bits));
    return String(Math.floor((count * DENSE_BITS) / 8) - bytes.length) + out;
  }
  function fromDense(text) {
    if (!/^[01]/.test(text)) return null;
    var count = text.length - 1;
    var size = Math.floor((count * DENSE_BITS) / 8) - Number(text[0]);
    if (size < 0) return null;
    var out = new Uint8Array(size), acc = 0, bits = 0, n = 0;
    for (var i = 1; i < text.length && n < size; i += 1) {
      var digit = text.charCodeAt(i) - DENSE_BASE;
      if (!(digit >= 0 && digit < 16384)) return null;
      acc = acc * 16384 + digit;
      bits += DENSE_BITS;
      while (bits >= 8 && n < size) {
        bits -= 8;
        out[n] = Math.floor(acc / Math.pow(2, bits));
        n += 1;
        acc %= Math.pow(2, bits);
      }
    }
    for (var j = 1; j < text.length; j += 1) {
      var code = text.charCodeAt(j) - DENSE_BASE;
      if (!(code >= 0 && code < 16384)) return null;
    }
    return n === size ? out : null;
  }

  /** Whether this browser deflates and inflates raw deflate (CompressionStream). */
  function compresses() {
    try {
      new global.CompressionStream('deflate-raw');
      new global.DecompressionStream('deflate-raw');
      return true;
    } catch (error) {
      return false;
    }
  }

  function deflate(bytes) {
    var stream = new global.CompressionStream('deflate-raw');
    var writer = stream.writable.getWriter();
    writer.write(bytes);
    writer.close();
    return new global.Response(stream.readable).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }
  /** The inflated bytes, or null: damaged, or past MAX_INFLATED (read no further). */
  function inflate(bytes) {
    var stream = new global.DecompressionStream('deflate-raw');
    var writer = stream.writable.getWriter();
    writer.write(bytes).catch(function () {});
    writer.close().catch(function () {});
    var reader = stream.readable.getReader(), parts = [], total = 0;
    function next() {
      return reader.read().then(function (step) {
        if (step.done) {
          var out = new Uint8Array(total), at = 0;
          parts.forEach(function (p) { out.set(p, at); at += p.length; });
          return out;
        }
        total += step.value.length;
        if (total > MAX_INFLATED) { reader.cancel().catch(function () {}); return null; }
        parts.push(step.value);
        return next();
      });
    }
    return next().catch(function () { return null; });
  }

  // --- the positional document (compact.py) --------------------------------------------------

  function answered(content) {
    var brief = content.brief;
    return { constraints: brief.public.constraints, deliverables: brief.deliverables, indicators: brief.indicators };
  }

  function documentOf(content, saved) {
    var plan = saved.state.p, index = {};
    plan.objectives.forEach(function (o, i) { index[o.id] = i; });
    var parts = answered(content);
    var doc = [
      FORMAT, saved.state.a, saved.state.f,
      saved.best === null ? -1 : Math.round(saved.best * 10000), saved.keptAttempt || 0,
      plan.goal, plan.logistics, plan.report,
      plan.objectives.map(function (o) { return o.text; }),
      plan.sequences.map(function (s) {
        return [s.title, s.objectives.map(function (o) { return index[o]; }),
          s.method ? E.METHODS.indexOf(s.method) + 1 : 0, s.minutes, s.materials, s.notes, s.access];
      }),
      plan.evaluations.map(function (e) {
        return [e.kind ? E.EVALUATION_KINDS.indexOf(e.kind) + 1 : 0, e.objectives.map(function (o) { return index[o]; }), e.text];
      }),
    ];
    Object.keys(parts).forEach(function (part) {
      doc.push(parts[part].map(function (item) {
        return Object.prototype.hasOwnProperty.call(plan[part], item.id) ? plan[part][item.id] : '';
      }));
    });
    return doc;
  }

  function isInt(v) { return typeof v === 'number' && Number.isInteger(v); }
  function refs(value, size) {
    if (!Array.isArray(value) || !value.every(function (i) { return isInt(i) && i >= 0 && i < size; })) return null;
    return value.map(function (i) { return 'o' + (i + 1); });
  }
  function pick(names, value) {
    if (!isInt(value) || value < 0 || value > names.length) return null;
    return value ? names[value - 1] : '';
  }

  function fresh() { return { state: E.newState(), best: null, keptAttempt: null, text: '' }; }

  /** The saved state a document stands for, or null (damaged, forged, or the content moved). */
  function stateOf(content, doc) {
    if (!Array.isArray(doc) || doc.length !== 14 || doc[0] !== FORMAT) return null;
    var rest = doc.slice(8);
    if (!rest.every(Array.isArray)) return null;
    var count = doc[8].length;
    var plan = {
      goal: doc[5],
      objectives: doc[8].map(function (t, i) { return { id: 'o' + (i + 1), text: t }; }),
      sequences: [], evaluations: [], logistics: doc[6], report: doc[7],
    };
    for (var s = 0; s < doc[9].length; s += 1) {
      var seq = doc[9][s];
      if (!Array.isArray(seq) || seq.length !== 7) return null;
      plan.sequences.push({
        id: 's' + (s + 1), title: seq[0], objectives: refs(seq[1], count), method: pick(E.METHODS, seq[2]),
        minutes: seq[3], materials: seq[4], notes: seq[5], access: seq[6],
      });
    }
    for (var e = 0; e < doc[10].length; e += 1) {
      var ev = doc[10][e];
      if (!Array.isArray(ev) || ev.length !== 3) return null;
      plan.evaluations.push({ id: 'e' + (e + 1), kind: pick(E.EVALUATION_KINDS, ev[0]), objectives: refs(ev[1], count), text: ev[2] });
    }
    var parts = answered(content), slot = 11;
    Object.keys(parts).forEach(function (part) {
      var found = doc[slot], items = parts[part], kept = {};
      slot += 1;
      // A brief whose items changed since: its answers are left out rather than misplaced.
      if (found.length === items.length) items.forEach(function (item, i) { if (found[i]) kept[item.id] = found[i]; });
      plan[part] = kept;
    });
    var clean;
    try { clean = E.cleanPlan(content, plan); } catch (error) { return null; }
    if (!E.pyEquals(clean, plan)) return null;
    var state = { v: E.STATE_VERSION, a: doc[1], n: 0, f: doc[2], p: clean };
    if (!E.pyEquals(E.checkedState(content, state), state)) return null;
    var best = doc[3], kept = doc[4];
    if (!isInt(best) || best < -1 || best > 10000 || !isInt(kept)) return null;
    if ((best < 0) !== (kept === 0) || kept < 0 || kept > state.a) return null;
    // The current attempt's best is its own score, once submitted: nothing else.
    if (kept === state.a && (!state.f || best !== Math.round(automatic(content, state.p).raw * 10000))) return null;
    return { state: state, best: best < 0 ? null : best / 10000, keptAttempt: kept || null };
  }

  /** The compact state: ASCII where it fits `room` (or no room is known), else dense; in a
   * browser that cannot deflate, the document's bytes as they are ("WR"). */
  function compress(content, saved, room) {
    var bytes = new TextEncoder().encode(JSON.stringify(documentOf(content, saved)));
    if (!compresses()) return Promise.resolve('WR' + toAscii(bytes));
    return deflate(bytes).then(function (packed) {
      var plain = 'WA' + toAscii(packed);
      return room === undefined || room === null || plain.length <= room ? plain : 'WU' + toDense(packed);
    });
  }

  /** What a saved string stands for (a promise): a fresh state for anything else. */
  function prepare(content, settings, text) {
    var form = { A: fromAscii, U: fromDense, R: fromAscii }[(text || '')[1]];
    var packed = text && text[0] === 'W' && form ? form(text.slice(2)) : null;
    if (!packed) return Promise.resolve(null);
    // Not readable here (a browser without DecompressionStream): null, the value kept as is.
    var raw = text[1] === 'R' ? Promise.resolve(packed) : compresses() ? inflate(packed) : Promise.resolve(null);
    return raw.then(function (bytes) {
      if (!bytes || bytes.length > MAX_INFLATED) return null;
      var doc;
      try {
        doc = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
      } catch (error) { return null; }
      var found = stateOf(content, doc);
      return found ? Object.assign(found, { text: text }) : null;
    });
  }

  /** The state prepared; else a fresh one that keeps the value it could not read, so that the
   * LMS keeps it until the learner changes the plan here. */
  function decode(content, settings, text, prepared) {
    return prepared || Object.assign(fresh(), { text: text || '' });
  }
  function encode(content, settings, saved) { return saved.text || ''; }

  /** Done once a plan is submitted (as Open edX's completion); the score is the best one. */
  function status(content, settings, saved) {
    return saved.best === null ? { done: false, raw: 0 } : { done: true, raw: saved.best };
  }

  // --- the view state, as block.py's view_state gives it, scored by the checks alone ----------

  function gettextOf(ui) {
    var templates = ui.templates || {};
    return function (t) { return Object.prototype.hasOwnProperty.call(templates, t) ? templates[t] : t; };
  }

  function automatic(content, plan) { return E.grade(content, plan, null, { automaticOnly: true }); }

  function viewState(content, settings, saved, seed, ui) {
    var gettext = gettextOf(ui), state = saved.state;
    var view = E.learnerView(content, state, { seed: seed, maxAttempts: settings.max_attempts, gettext: gettext });
    view.notice = null;
    view.kept = saved.best === null ? null : { attempt: saved.keptAttempt, raw: saved.best };
    view.result = null;
    if (state.f) {
      var found = automatic(content, state.p);
      var lines = E.explanations(content, found), capacities = {};
      Object.keys(lines.capacities).forEach(function (code) { capacities[code] = E.format(lines.capacities[code], gettext); });
      view.result = {
        attempt: state.a, status: 'automatic', submitted: null, grade: E.gradeDict(found),
        explanations: { score: E.format(lines.score, gettext), capacities: capacities },
        levels: null, comments: {}, overall: '', graded: null,
      };
    }
    return view;
  }

  // --- what the LMS's graders read ------------------------------------------------------------

  function t(ui, key, values) {
    var text = Object.prototype.hasOwnProperty.call(ui, key) ? ui[key] : key;
    return text.replace(/\{(\w+)\}/g, function (all, k) { return Object.prototype.hasOwnProperty.call(values || {}, k) ? String(values[k]) : all; });
  }

  /** The plan as plain text, in the document's order: the long-fill-in a grader reads. Its
   * lines are joined by " | ": some LMSs (scorm-again) refuse a line break in a response. */
  function planText(content, plan, ui) {
    var names = {};
    plan.objectives.forEach(function (o, i) { names[o.id] = String(i + 1); });
    var lines = [t(ui, 'document_heading', { title: content.brief.title }), plan.goal];
    plan.objectives.forEach(function (o, i) { lines.push((i + 1) + '. ' + o.text); });
    var start = 0;
    lines.push(t(ui, 'document_timeline'));
    plan.sequences.forEach(function (s) {
      var method = s.method ? t(ui, 'method_' + s.method) : '-';
      lines.push(E.hours(start) + ' · ' + s.title + ' · ' + method + ' · ' + E.hours(s.minutes) +
        ' · ' + s.objectives.map(function (o) { return names[o]; }).join(', '));
      start += s.minutes;
    });
    plan.evaluations.forEach(function (e) {
      lines.push((e.kind ? t(ui, 'evaluation_' + e.kind) : '-') + ' · ' + e.objectives.map(function (o) { return names[o]; }).join(', ') + ' · ' + e.text);
    });
    if (plan.report) lines.push(plan.report);
    return lines.filter(Boolean).join(' | ').replace(/[\r\n]+/g, ' ');
  }

  function interactions(content, state, ui) {
    var found = automatic(content, state.p), plan = state.p;
    var attempt = 'a' + state.a + '.';
    var summary = t(ui, 'scorm_summary', {
      objectives: plan.objectives.length, sequences: plan.sequences.length,
      evaluations: plan.evaluations.length, duration: E.hours(E.planMinutes(plan)),
      percent: Math.round(found.checks * 100), goal: plan.goal,
    });
    var records = [{
      id: attempt + 'plan', type: 'long-fill-in', type12: 'fill-in',
      response: planText(content, plan, ui), responseChar: summary,
      result: found.raw, weighting: 1, description: content.brief.title,
    }];
    var results = E.runChecks(content, plan);
    content.checks.forEach(function (spec, i) {
      records.push({
        id: attempt + 'check.' + spec.id, type: 'fill-in', type12: 'fill-in',
        response: t(ui, 'outcome_' + results[i].outcome), responseChar: t(ui, 'outcome_' + results[i].outcome),
        result: E.round4(results[i].fraction), weighting: spec.weight, description: t(ui, 'check_' + spec.id),
      });
    });
    return records;
  }

  // --- mount ---------------------------------------------------------------------------------

  function mount(root, options) {
    var content = options.content, settings = options.settings, seed = options.seed || '', ui = options.ui;
    var saved = options.saved;
    var written = Promise.resolve();
    root.classList.add('ip-wd-root');
    var room = document.createElement('p');
    room.className = 'ip-wd-room';
    room.setAttribute('role', 'status');
    root.parentNode.insertBefore(room, root);

    function roomLeft() { return options.room ? options.room() : null; }
    function showRoom(text) {
      var left = roomLeft();
      if (left === null) { room.hidden = true; return; }
      var used = text.length, share = left > 0 ? used / left : 1;
      var percent = Math.min(999, Math.round(share * 100));
      room.hidden = false;
      room.classList.toggle('ip-wd-room-near', share >= NEAR);
      room.textContent = used > left ? t(ui, 'room_over', { used: used, room: left })
        : share >= NEAR ? t(ui, 'room_near', { percent: percent }) : t(ui, 'room_used', { percent: percent });
    }

    /** Writes `next` (then tells the SCO, with the records of a submit), in order of changes. */
    function keep(next) {
      var best = saved.best, keptAttempt = saved.keptAttempt, records = null;
      if (next.f && !saved.state.f) {
        var raw = automatic(content, next.p).raw;
        // The best submitted attempt counts, as in Open edX; an equal one keeps the first.
        if (best === null || raw > best) { best = raw; keptAttempt = next.a; }
        records = interactions(content, next, ui);
      }
      saved = { state: next, best: best, keptAttempt: keptAttempt, text: saved.text };
      var mine = saved;
      written = written.then(function () {
        return compress(content, mine, roomLeft());
      }).then(function (text) {
        mine.text = text;
        options.changed(mine, records);
        showRoom(text);
      }).catch(function (error) {
        if (global.console) global.console.warn('insertion-pro SCORM: plan not written', error);
      });
      return next;
    }

    var transport = InsertionProTransport.local({
      load: function () { return saved.state; },
      save: function () { /* kept by keep(), which also tells the SCO */ },
      view: function () { return viewState(content, settings, saved, seed, ui); },
      act: function (current, action, payload) {
        var next = E.applyPageAction(content, current, action, payload, {
          maxAttempts: settings.max_attempts, gettext: gettextOf(ui),
        });
        return next === current ? next : keep(next);
      },
    });
    var view = new WorkshopDesignView(root, {
      transport: transport, ui: ui, capacities: options.capacities,
      requiredMark: settings.required_mark, staff: false, automatic: true,
      id: root.parentNode.id + '-wd',
    });
    view.start(viewState(content, settings, saved, seed, ui));
    if (saved.text) showRoom(saved.text);
    else room.hidden = true;
    return view;
  }

  global.WorkshopDesignScorm = {
    prepare: prepare, decode: decode, encode: encode, status: status, mount: mount,
    // for the tests: the pieces of the compact state and of the records
    compress: compress, stateOf: stateOf, documentOf: documentOf, viewState: viewState,
    interactions: interactions, toAscii: toAscii, fromAscii: fromAscii, toDense: toDense, fromDense: fromDense,
  };
})(typeof window !== 'undefined' ? window : globalThis);
