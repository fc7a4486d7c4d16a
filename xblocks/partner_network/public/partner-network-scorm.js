/* Partner network in a SCO: the shared view on the local transport, the JS engine deciding.
 *
 * The SCO runtime (scorm_export/static/sco.js) calls this adapter through the activity seam:
 * decode/encode the compact state, report status, and mount the view. On each submit it tells
 * the SCO the interactions to record: one per placement group (a domain), the relation set,
 * each question and strategy, and each situation decision (its justification as the learner's
 * response). The compact state is described in xblocks/partner_network/scorm.py, which
 * computes its longest length for the exporter's suspend_data budget.
 */
(function (global) {
  'use strict';
  var E = global.PartnerNetworkEngine;
  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var BASE = DIGITS.length;

  // --- numbers and texts in the compact state ------------------------------------------------

  function width(top) {
    var w = 1;
    while (Math.pow(BASE, w) <= top) w += 1;
    return w;
  }
  /** `value` (a safe integer, masks over 40 partners included) in `size` digits. */
  function digits(value, size) {
    var out = '';
    for (var i = 0; i < size; i += 1) {
      out = DIGITS[value % BASE] + out;
      value = Math.floor(value / BASE);
    }
    return out;
  }
  /** The number `text` writes, or -1 if a character is not a digit. */
  function number(text) {
    var value = 0;
    for (var i = 0; i < text.length; i += 1) {
      var d = DIGITS.indexOf(text[i]);
      if (d < 0) return -1;
      value = value * BASE + d;
    }
    return value;
  }
  function chunks(text, size) {
    var out = [];
    for (var i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
    return out;
  }
  // "~" and "|" separate fields; "<" never reaches the LMS, since some (Open edX's SCORM block)
  // write suspend_data into a page script unescaped, where a closing tag would end it.
  var ESCAPES = { '%': '%0', '~': '%1', '|': '%2', '<': '%3' };
  var UNESCAPES = { '%0': '%', '%1': '~', '%2': '|', '%3': '<' };
  function escapeText(text) { return text.replace(/[%~|<]/g, function (c) { return ESCAPES[c]; }); }
  function unescapeText(text) { return text.replace(/%[0-3]/g, function (c) { return UNESCAPES[c]; }); }

  function sizes(content) {
    var nodes = content.partners.length + 1;
    return {
      relation: width(Math.max(2 * nodes * nodes * content.relation_types.length - 1, 0)),
      mask: width(Math.max(Math.pow(2, content.partners.length) - 1, 0)),
    };
  }
  function bitsOf(mask, count) {
    var found = [];
    for (var i = 0; i < count; i += 1) if (Math.floor(mask / Math.pow(2, i)) % 2 === 1) found.push(i);
    return found;
  }
  function maskOf(indices) {
    return indices.reduce(function (mask, i) { return mask + Math.pow(2, i); }, 0);
  }

  // --- the seam: encode, decode, status ------------------------------------------------------

  function encode(content, settings, saved) {
    var state = saved.state, size = sizes(content);
    var out = state.a + '.' + state.f;
    out += state.p.map(function (mask) { return digits(mask, 2); }).join('');
    out += '.' + state.r.map(function (code) { return digits(code, size.relation); }).join('');
    out += '.' + state.q.map(function (mask) { return digits(mask, 2); }).join('');
    out += '.' + state.s.map(function (entry) {
      return digits(maskOf(entry[0]), size.mask) + digits(entry[1] + 1, 1);
    }).join('');
    if (saved.best !== null) out += '.' + Math.round(saved.best * 10000) + '.' + saved.keptAttempt;
    return out + state.j.map(function (text) { return '~' + escapeText(text); }).join('');
  }

  function fresh(content) { return { state: E.newState(content), best: null, keptAttempt: null }; }

  /** What a saved string stands for; a fresh state if it does not fit the content (a changed
   * content, or a string of some other origin): the engine's own check decides. */
  function decode(content, settings, text) {
    var cut = (text || '').split('~');
    var match = /^(\d{1,6})\.([01])([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]*)(?:\.(\d{1,5})\.(\d{1,6}))?$/.exec(cut[0]);
    if (!match) return fresh(content);
    var size = sizes(content);
    var situations = chunks(match[6], size.mask + 1).map(function (entry) {
      var chosen = number(entry.slice(0, size.mask));
      return [chosen < 0 ? [-1] : bitsOf(chosen, content.partners.length), number(entry.slice(size.mask)) - 1];
    });
    var state = {
      v: E.STATE_VERSION,
      a: Number(match[1]),
      n: 0,
      f: Number(match[2]),
      p: chunks(match[3], 2).map(number),
      r: chunks(match[4], size.relation).map(number),
      q: chunks(match[5], 2).map(number),
      s: situations,
      j: cut.slice(1).map(unescapeText),
      u: [],
    };
    var checked = E.checkedState(content, state);
    if (JSON.stringify(checked) !== JSON.stringify(state)) return fresh(content);
    var best = match[7] === undefined ? null : Math.min(Number(match[7]) / 10000, 1);
    return { state: state, best: best, keptAttempt: best === null ? null : Number(match[8]) };
  }

  /** Done once an attempt is submitted (as Open edX's completion); the score is the best one. */
  function status(content, settings, saved) {
    return saved.best === null ? { done: false, raw: 0 } : { done: true, raw: saved.best };
  }

  // --- the view state, as block.py's view_state gives it --------------------------------------

  function format(template, params) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(params, key) ? E.pyStr(params[key]) : all;
    });
  }
  function said(ui, message) {
    return message ? format((ui.explain || {})[message.template] || message.template, message.params) : null;
  }
  function mapValues(object, fn) {
    var out = {};
    Object.keys(object).forEach(function (key) { out[key] = fn(object[key]); });
    return out;
  }

  function choiceLists(content) {
    var lists = [];
    (content.questions ? content.questions.items : []).forEach(function (q) {
      lists.push({ question: q.id, part: '', choices: q.choices });
    });
    (content.strategies ? content.strategies.items : []).forEach(function (s) {
      ['expects', 'offers'].forEach(function (part) {
        if (s[part]) lists.push({ question: s.id, part: part, choices: s[part] });
      });
    });
    return lists;
  }

  /** The reference answers, named as the learner's page names things (block._reference). */
  function reference(content, seed, attempt) {
    var map = content.map;
    var placements = {};
    if (map) content.partners.forEach(function (p) { placements[p.id] = p.domains.slice(); });
    return {
      placements: placements,
      relations: (map ? map.relations : []).map(function (r) {
        return {
          from: r.source, to: r.target, relation: r.type, two_way: r.direction === 'two_way',
          strength: r.strength, tension: r.tension,
        };
      }),
      lists: choiceLists(content).map(function (list, slot) {
        var order = E.shownOptions(content, slot, seed, attempt);
        var right = [];
        order.forEach(function (i, place) { if (list.choices.options[i].correct) right.push(String(place)); });
        return { question: list.question, part: list.part, options: right };
      }),
      situations: (content.situations ? content.situations.items : []).map(function (s) {
        return {
          situation: s.id,
          partners: s.mobilise.map(function (m) { return m.partner; }),
          urgent: s.mobilise.filter(function (m) { return m.urgent; }).map(function (m) { return m.partner; }).sort(),
          feedback: s.feedback,
        };
      }),
    };
  }

  function viewState(content, settings, saved, seed, ui) {
    var state = saved.state;
    var view = E.learnerView(content, state, { seed: seed, maxAttempts: settings.max_attempts });
    view.limits = Object.assign({}, view.limits, { justification: settings.justification_limit });
    view.notice = null;
    view.kept = saved.best === null ? null : { attempt: saved.keptAttempt, raw: saved.best };
    view.result = null;
    view.reference = null;
    if (state.f) {
      var result = E.score(content, state);
      var lines = E.explanations(content, result);
      view.result = Object.assign(result, {
        explanations: {
          score: said(ui, lines.score),
          cap: said(ui, lines.cap),
          capacities: mapValues(lines.capacities, function (m) { return said(ui, m); }),
          kinds: mapValues(lines.kinds, function (m) { return said(ui, m); }),
        },
      });
      var last = !E.canRestart(state, settings.max_attempts);
      var shown = settings.show_reference;
      if (shown === 'always' || (shown === 'after_last' && last)) view.reference = reference(content, seed, state.a);
    }
    return view;
  }

  // --- interactions of a submitted attempt ---------------------------------------------------

  function f1(chosen, expected) {
    var wanted = {}, common = 0;
    expected.forEach(function (id) { wanted[id] = true; });
    chosen.forEach(function (id) { if (wanted[id]) common += 1; });
    return common ? (2 * common) / (chosen.length + expected.length) : 0;
  }
  function itemsOf(result, kind) {
    return result.items.filter(function (item) { return item.kind === kind; });
  }
  function share(items) {
    var earned = 0, possible = 0;
    items.forEach(function (item) { earned += item.earned; possible += item.possible; });
    return { result: possible ? E.round4(earned / possible) : 0, weighting: possible };
  }

  /** One record per placement group, relation set, question, strategy and situation. */
  function interactions(content, state, seed) {
    var result = E.score(content, state);
    var attempt = 'a' + state.a + '.';
    var found = [];
    if (content.map) {
      E.DOMAINS.forEach(function (domain, bit) {
        var mine = content.partners.filter(function (p, i) { return bitsOf(state.p[i], E.DOMAINS.length).indexOf(bit) >= 0; });
        var theirs = content.partners.filter(function (p) { return p.domains.indexOf(domain) >= 0; });
        if (!mine.length && !theirs.length) return;
        var ids = mine.map(function (p) { return p.id; });
        found.push({
          id: attempt + 'domain.' + domain, type: 'choice', type12: 'fill-in',
          response: ids.join('[,]'), responseChar: ids.join(','),
          result: E.round4(f1(ids, theirs.map(function (p) { return p.id; }))),
          weighting: theirs.length, description: domain,
        });
      });
      var view = E.learnerView(content, state, { seed: seed });
      var drawn = view.map.relations.map(function (r) {
        return r.from + (r.two_way ? '<>' : '>') + r.to + ':' + r.relation;
      }).join(',') || '-';
      var relations = share(itemsOf(result, 'relation'));
      found.push({
        id: attempt + 'relations', type: 'long-fill-in', type12: 'fill-in', response: drawn,
        responseChar: drawn, result: relations.result, weighting: relations.weighting,
        description: 'relations',
      });
    }
    var lists = choiceLists(content);
    lists.forEach(function (list, slot) {
      if (list.part) return;
      var chosen = bitsOf(state.q[slot], list.choices.options.length);
      var item = itemsOf(result, 'question').filter(function (i) { return i.id === list.question; })[0];
      found.push({
        // SCORM 1.2 has no empty choice response: an unanswered question goes as text.
        id: attempt + 'question.' + list.question, type: 'choice', type12: chosen.length ? 'choice' : 'fill-in',
        response: chosen.map(function (i) { return 'o' + i; }).join('[,]'),
        responseChar: chosen.map(function (i) { return i.toString(36); }).join(','),
        result: item.fraction, weighting: item.possible, description: list.question,
      });
    });
    itemsOf(result, 'strategy').forEach(function (item) {
      var picked = [];
      lists.forEach(function (list, slot) {
        if (list.question !== item.id || !list.part) return;
        bitsOf(state.q[slot], list.choices.options.length).forEach(function (i) { picked.push(list.part[0] + i); });
      });
      found.push({
        id: attempt + 'strategy.' + item.id, type: 'choice', type12: 'fill-in',
        response: picked.join('[,]'), responseChar: picked.join(','),
        result: item.fraction, weighting: item.possible, description: item.id,
      });
    });
    var situations = content.situations ? content.situations.items : [];
    itemsOf(result, 'situation').forEach(function (item, slot) {
      var entry = state.s[slot];
      var chosen = entry[0].map(function (i) { return content.partners[i].id; });
      var first = entry[1] >= 0 ? content.partners[entry[1]].id : '-';
      var text = state.j[slot] || chosen.join(',') || '-';
      found.push({
        id: attempt + 'situation.' + item.id, type: 'long-fill-in', type12: 'fill-in',
        response: text, responseChar: text, result: item.fraction, weighting: item.possible,
        description: situations[slot].title + ' | ' + chosen.join(',') + ' | ' + first,
      });
    });
    return found;
  }

  // --- mount ---------------------------------------------------------------------------------

  function refuseLong(settings, payload) {
    var text = payload && payload.text;
    if (payload.type !== 'justify' || typeof text !== 'string') return;
    var count = Array.from(text).length;
    if (count > settings.justification_limit) {
      throw new E.ActionRefused('The justification is {count} characters long, over the limit of {limit}.', {
        count: count, limit: settings.justification_limit,
      });
    }
  }

  function mount(root, options) {
    var content = options.content, settings = options.settings, seed = options.seed || '';
    var saved = { state: options.saved.state, best: options.saved.best, keptAttempt: options.saved.keptAttempt };
    function keep(next) {
      var records = null, best = saved.best, keptAttempt = saved.keptAttempt;
      if (next.f && !saved.state.f) {
        var raw = E.score(content, next).raw;
        // The best submitted attempt counts, as in Open edX; an equal one keeps the first.
        if (best === null || raw > best) { best = raw; keptAttempt = next.a; }
        records = interactions(content, next, seed);
      }
      saved = { state: next, best: best, keptAttempt: keptAttempt };
      options.changed(saved, records);
      return next;
    }
    var transport = InsertionProTransport.local({
      load: function () { return saved.state; },
      save: function () { /* kept by keep(), which also tells the SCO */ },
      view: function (current) { return viewState(content, settings, saved, seed, options.ui); },
      act: function (current, action, payload) {
        var body = Object.assign({}, payload);
        if (action === 'submit' || action === 'restart') body.type = action;
        else if (action !== 'act' || body.type === 'submit' || body.type === 'restart') {
          throw new E.ActionRefused('Unknown action {action}.', { action: String(action === 'act' ? body.type : action) });
        }
        refuseLong(settings, body);
        return keep(E.apply(content, current, body, { maxAttempts: settings.max_attempts, seed: seed }));
      },
    });
    var view = new PartnerNetworkView(root, {
      transport: transport, ui: options.ui, capacities: options.capacities,
      requiredMark: settings.required_mark, staff: false,
    });
    view.start();
    return view;
  }

  global.PartnerNetworkScorm = {
    encode: encode, decode: decode, status: status, mount: mount,
    // for the tests and the exporter's bound: the pieces of the compact state
    viewState: viewState, interactions: interactions, reference: reference,
  };
})(typeof window !== 'undefined' ? window : globalThis);
