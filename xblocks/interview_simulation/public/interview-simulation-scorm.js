/* Interview simulation in a SCO: the shared view on the local transport, the JS engine deciding.
 *
 * The SCO runtime (scorm_export/static/sco.js) calls this adapter through the activity seam:
 * decode/encode the compact state, report status, and mount the view, telling the SCO of every
 * decision so it can record a SCORM interaction. Compact state: "<attempt>.<path>[.<best>]":
 * one base-36 character per decision (the position of the choice among its node's choices),
 * then the best finished attempt's score in ten-thousandths, which the LMS keeps as in Open edX.
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

  function encode(content, settings, saved) {
    var nodes = nodeIndex(content), node = content.nodes[0], out = '';
    saved.state.path.forEach(function (choiceId) {
      var position = node.choices.findIndex(function (c) { return c.id === choiceId; });
      out += DIGITS[position];
      node = nodes[node.choices[position].next];
    });
    var best = saved.best === null ? '' : '.' + Math.round(saved.best * 10000);
    return saved.state.attempt + '.' + out + best;
  }

  /** What a saved string stands for; a fresh state if it does not replay on the content. */
  function decode(content, settings, text) {
    var match = /^(\d+)\.([0-9a-z]*)(?:\.(\d{1,5}))?$/.exec(text || '');
    if (!match) return { state: E.newState(), best: null };
    var nodes = nodeIndex(content), node = content.nodes[0], path = [];
    for (var i = 0; i < match[2].length && node; i += 1) {
      var choice = node.choices[DIGITS.indexOf(match[2][i])];
      if (!choice) break;
      path.push(choice.id);
      node = nodes[choice.next];
    }
    return {
      state: E.checkedState(content, { v: 1, attempt: Number(match[1]), path: path }),
      best: match[3] === undefined ? null : Math.min(Number(match[3]) / 10000, 1),
    };
  }

  /** Done once an attempt has ended (as Open edX's completion); the score is the best attempt's. */
  function status(content, settings, saved) {
    return saved.best === null ? { done: false, raw: 0 } : { done: true, raw: saved.best };
  }

  function ended(content, settings, state) {
    var view = E.view(content, state, { feedbackMode: settings.feedback_mode, maxAttempts: settings.max_attempts });
    return view.ending ? view.debrief.raw : null;
  }

  /** The interaction of the decision just made: result "correct" when no offered choice earned more. */
  function decision(content, before, after) {
    var choiceId = after.path[after.path.length - 1];
    var current = E.walk(content, before.path);
    var node = nodeIndex(content)[current.nodeId];
    var chosen = node.choices.find(function (c) { return c.id === choiceId; });
    var best = Math.max.apply(null, E.offered(content, node, current.flags).map(E.total));
    return {
      step: after.path.length,
      attempt: after.attempt,
      response: choiceId,
      responseChar: DIGITS[node.choices.indexOf(chosen)],
      result: best === 0 ? 'neutral' : E.total(chosen) >= best ? 'correct' : 'incorrect',
      weighting: best,
      description: chosen.text,
    };
  }


  function mount(root, options) {
    var content = options.content, settings = options.settings;
    var saved = { state: options.saved.state, best: options.saved.best };
    var viewSettings = { feedbackMode: settings.feedback_mode, maxAttempts: settings.max_attempts };
    function keep(next, decisionMade) {
      var raw = ended(content, settings, next);
      saved = { state: next, best: raw === null ? saved.best : Math.max(raw, saved.best || 0) };
      options.changed(saved, decisionMade);
      return next;
    }
    var transport = InsertionProTransport.local({
      load: function () { return saved.state; },
      save: function () { /* kept by keep(), which also tells the SCO */ },
      view: function (current) { return E.view(content, current, viewSettings); },
      act: function (current, action, payload) {
        if (action === 'restart') return keep(E.restart(content, current, settings.max_attempts), null);
        var next = E.choose(content, current, payload.choice);
        return keep(next, decision(content, current, next));
      },
    });
    var view = new InterviewSimulationView(root, {
      transport: transport, ui: options.ui, capacities: options.capacities,
    });
    view.start();
    return view;
  }

  global.InterviewSimulationScorm = { encode: encode, decode: decode, status: status, mount: mount };
})(typeof window !== 'undefined' ? window : globalThis);
