/* Interview simulation in a SCO: the shared view on the local transport, the JS engine deciding.
 *
 * The SCO runtime (scorm_export/static/sco.js) calls this adapter through the activity seam:
 * decode/encode the compact state, report status, and mount the view, telling the SCO of every
 * decision so it can record a SCORM interaction. Compact state:
 * "<attempt>.<path>[.<best>.<kept attempt>.<kept path>]": one base-36 character per decision
 * (the position of the choice among its node's authored choices, whatever order the learner
 * saw), then the best finished attempt's score in ten-thousandths, which the LMS keeps as in
 * Open edX, with that attempt's number and path so that its debrief can be shown again.
 */
(function (global) {
  'use strict';
  var E = global.InterviewSimulationEngine;
  var DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

  function nodeIndex(content) {
    var nodes = {};
    content.nodes.forEach(function (node) { nodes[node.id] = node; });
    return nodes;
  }

  function encodePath(content, path) {
    var nodes = nodeIndex(content), node = content.nodes[0], out = '';
    path.forEach(function (choiceId) {
      var position = node.choices.findIndex(function (c) { return c.id === choiceId; });
      out += DIGITS[position];
      node = nodes[node.choices[position].next];
    });
    return out;
  }

  function decodePath(content, text) {
    var nodes = nodeIndex(content), node = content.nodes[0], path = [];
    for (var i = 0; i < text.length && node; i += 1) {
      var choice = node.choices[DIGITS.indexOf(text[i])];
      if (!choice) break;
      path.push(choice.id);
      node = nodes[choice.next];
    }
    return path;
  }

  function encode(content, settings, saved) {
    var out = saved.state.attempt + '.' + encodePath(content, saved.state.path);
    if (saved.best === null) return out;
    out += '.' + Math.round(saved.best * 10000);
    if (saved.kept) out += '.' + saved.kept.attempt + '.' + encodePath(content, saved.kept.path);
    return out;
  }

  /** The kept attempt's debrief, if its path still ends the interview on this content. */
  function keptView(content, attempt, path) {
    var ends;
    try {
      ends = E.walk(content, path).endingId !== null;
    } catch (error) {
      if (error instanceof E.ActionRefused) return null;
      throw error;
    }
    return ends ? Object.assign(E.endView(content, attempt, path), { path: path }) : null;
  }

  /** What a saved string stands for; a fresh state if it does not replay on the content. */
  function decode(content, settings, text) {
    var match = /^(\d+)\.([0-9a-z]*)(?:\.(\d{1,5})(?:\.(\d+)\.([0-9a-z]*))?)?$/.exec(text || '');
    if (!match) return { state: E.newState(), best: null, kept: null };
    var state = E.checkedState(content, { v: 1, attempt: Number(match[1]), path: decodePath(content, match[2]) });
    var kept = match[4] === undefined ? null : keptView(content, Number(match[4]), decodePath(content, match[5]));
    return {
      state: state,
      best: match[3] === undefined ? null : Math.min(Number(match[3]) / 10000, 1),
      kept: kept,
    };
  }

  /** Done once an attempt has ended (as Open edX's completion); the score is the best attempt's. */
  function status(content, settings, saved) {
    return saved.best === null ? { done: false, raw: 0 } : { done: true, raw: saved.best };
  }

  /** The interaction of the decision just made: "correct" when no offered choice kept more. */
  function decision(content, before, after) {
    var choiceId = after.path[after.path.length - 1];
    var current = E.walk(content, before.path);
    var node = nodeIndex(content)[current.nodeId];
    var chosen = node.choices.find(function (c) { return c.id === choiceId; });
    var review = E.review(content, after.path)[after.path.length - 1];
    var best = Math.max.apply(null, E.offered(content, node, current.flags).map(E.total));
    var result = review.outcome === 'best' ? 'correct' : review.outcome === 'neutral' ? 'neutral' : 'incorrect';
    return {
      step: after.path.length,
      attempt: after.attempt,
      response: choiceId,
      responseChar: DIGITS[node.choices.indexOf(chosen)],
      result: result,
      weighting: best,
      description: chosen.text,
    };
  }

  function mount(root, options) {
    var content = options.content, settings = options.settings;
    var saved = { state: options.saved.state, best: options.saved.best, kept: options.saved.kept || null };
    var viewSettings = { feedbackMode: settings.feedback_mode, maxAttempts: settings.max_attempts, seed: options.seed || '' };
    function keep(next, decisionMade) {
      var kept = E.keptAfter(content, saved.kept, next);
      // Without the kept debrief (the content changed) the LMS's best still rules: a weaker
      // attempt is not shown as the one that counts.
      if (kept !== saved.kept && saved.best !== null && kept.debrief.raw <= saved.best) kept = saved.kept;
      if (kept !== saved.kept) kept = Object.assign(kept, { path: next.path.slice() });
      var best = kept ? Math.max(kept.debrief.raw, saved.best || 0) : saved.best;
      saved = { state: next, best: best, kept: kept };
      options.changed(saved, decisionMade);
      return next;
    }
    var transport = InsertionProTransport.local({
      load: function () { return saved.state; },
      save: function () { /* kept by keep(), which also tells the SCO */ },
      view: function (current) {
        return E.view(content, current, Object.assign({ kept: saved.kept }, viewSettings));
      },
      act: function (current, action, payload) {
        E.checkPosition(current, payload.at);
        if (action === 'restart') return keep(E.restart(content, current, settings.max_attempts), null);
        var next = E.choose(content, current, E.chosenId(content, current, viewSettings.seed, payload.choice));
        return keep(next, decision(content, current, next));
      },
    });
    var view = new InterviewSimulationView(root, {
      transport: transport, ui: options.ui, capacities: options.capacities,
      requiredMark: settings.required_mark,
    });
    view.start();
    return view;
  }

  global.InterviewSimulationScorm = { encode: encode, decode: decode, status: status, mount: mount };
})(typeof window !== 'undefined' ? window : globalThis);
