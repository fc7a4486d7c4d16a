/*
 * Interview simulation engine in the page (SCORM export, no server): a mirror of engine.py that
 * reads the content as `engine.to_dict(scenario)` writes it. The vectors in
 * tests/vectors/interview_simulation/, replayed by pytest and `node --test`, hold the two equal.
 * Content is immutable here: lookups and best totals are cached per content object.
 */
(function (root, factory) {
  const engine = factory();
  if (typeof module !== 'undefined' && module.exports) module.exports = engine;
  else root.InterviewSimulationEngine = engine;
})(typeof globalThis !== 'undefined' ? globalThis : this, function () {
  'use strict';

  const STATE_VERSION = 1;

  /** A learner action the engine refuses; `template` and `params` are Python's. */
  class ActionRefused extends Error {
    constructor(template, params = {}) {
      super(template.replace(/\{(\w+)\}/g, (whole, key) => (key in params ? params[key] : whole)));
      this.name = 'ActionRefused';
      this.template = template;
      this.params = params;
    }
  }

  // Python's str() of a value, for refusal messages: exact for strings, null, booleans and
  // numbers; only approximate for arrays and objects.
  function pyStr(value) {
    if (value === null || value === undefined) return 'None';
    if (typeof value === 'boolean') return value ? 'True' : 'False';
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    return JSON.stringify(value);
  }

  // Python's round(x, 4) rounds the exact binary value, ties to even. toFixed rounds the exact
  // value too but ties away from zero: only exact ties (such as 1/32 = 0.03125) differ. Forty
  // digits show the whole expansion of such a tie, and no other double comes that close to one.
  function round4(x) {
    const tie = /^(-?\d+\.\d{3})(\d)50*$/.exec(x.toFixed(40));
    if (tie && Number(tie[2]) % 2 === 0) return Number(tie[1] + tie[2]);
    return Number(x.toFixed(4));
  }

  // "B2.2" before "B2.10": the numbers after the first letter, then the code itself on a tie.
  const codeKey = (code) => code.slice(1).split('.').filter((p) => /^[0-9]+$/.test(p)).map(Number);
  function compareCodes(a, b) {
    const [ka, kb] = [codeKey(a), codeKey(b)];
    for (let i = 0; i < Math.min(ka.length, kb.length); i += 1) {
      if (ka[i] !== kb[i]) return ka[i] - kb[i];
    }
    return ka.length - kb.length || (a < b ? -1 : a > b ? 1 : 0);
  }

  // Lookups by id, built once per content; Maps (not objects) so that any id is safe. As with
  // Python's dicts, a repeated id keeps its last item.
  const indexes = new WeakMap();
  function index(content) {
    if (!indexes.has(content)) {
      const choices = new Map(content.nodes.flatMap((n) => n.choices.map((c) => [c.id, c])));
      const codes = new Set([...choices.values()].flatMap((c) => c.points.map(([code]) => code)));
      indexes.set(content, {
        nodes: new Map(content.nodes.map((n) => [n.id, n])),
        endings: new Map(content.endings.map((e) => [e.id, e])),
        choices,
        codes: [...codes].sort(compareCodes),
      });
    }
    return indexes.get(content);
  }

  const total = (choice) => choice.points.reduce((sum, [, value]) => sum + value, 0);
  const withFlags = (flags, sets) => new Set([...flags, ...sets]);
  const isOpen = (item, flags) =>
    item.requires.every((f) => flags.has(f)) && !item.excludes.some((f) => flags.has(f));

  /** Add a choice's points to `totals` by code, "" being the total; a code listed twice adds up. */
  function addPoints(totals, choice) {
    totals.set('', (totals.get('') || 0) + total(choice));
    for (const [code, value] of choice.points) totals.set(code, (totals.get(code) || 0) + value);
    return totals;
  }

  /** The choices offered at `node` given the flags: the choice's conditions, then its target
   * ending's, read once the choice has set its own flags. */
  function offered(content, node, flags) {
    const endings = index(content).endings;
    return node.choices.filter((choice) => {
      const target = endings.get(choice.next);
      const after = withFlags(flags, choice.sets);
      return isOpen(choice, flags) && (target === undefined || isOpen(target, after));
    });
  }

  /** The most any path earns, in total ("") and per code: longest path over (node, flags). */
  function best(content) {
    const ix = index(content);
    if (ix.best) return ix.best;
    const memo = new Map(); // validation keeps the (node, flags) graph acyclic
    const bestFrom = (nodeId, flags) => {
      const key = [nodeId, ...[...flags].sort()].join('\u0000');
      if (!memo.has(key)) {
        const result = new Map();
        for (const choice of offered(content, ix.nodes.get(nodeId), flags)) {
          const here = addPoints(new Map(), choice);
          const after = withFlags(flags, choice.sets);
          const tail = ix.endings.has(choice.next) ? new Map() : bestFrom(choice.next, after);
          for (const code of new Set([...here.keys(), ...tail.keys()])) {
            const value = (here.get(code) || 0) + (tail.get(code) || 0);
            result.set(code, Math.max(result.get(code) || 0, value));
          }
        }
        memo.set(key, result);
      }
      return memo.get(key);
    };
    ix.best = new Map(content.nodes.length ? bestFrom(content.nodes[0].id, new Set()) : []);
    if (!ix.best.has('')) ix.best.set('', 0);
    return ix.best;
  }

  /** Replay a path of choice ids from the start; throws ActionRefused on any bad step. */
  function walk(content, path) {
    const current = { nodeId: content.nodes[0].id, flags: new Set(), steps: [], endingId: null };
    for (const choiceId of path) take(content, current, choiceId);
    return current;
  }

  function take(content, current, choiceId) {
    const ix = index(content);
    if (current.endingId !== null) {
      throw new ActionRefused('The interview is over: restart it to choose again.');
    }
    if (typeof choiceId !== 'string' || !ix.choices.has(choiceId)) {
      const shown = Array.from(pyStr(choiceId)).slice(0, 40).join(''); // code points, as Python
      throw new ActionRefused('Unknown choice {choice}.', { choice: shown });
    }
    const node = ix.nodes.get(current.nodeId);
    const choice = offered(content, node, current.flags).find((c) => c.id === choiceId);
    if (!choice) {
      const template = 'Choice {choice} is not offered at this point.';
      throw new ActionRefused(template, { choice: choiceId });
    }
    current.steps.push({ node, choice, flags: current.flags });
    current.flags = withFlags(current.flags, choice.sets);
    if (ix.endings.has(choice.next)) [current.endingId, current.nodeId] = [choice.next, null];
    else current.nodeId = choice.next;
  }

  // --- Learner state -------------------------------------------------------------------------

  const newState = (attempt = 1) => ({ v: STATE_VERSION, attempt, path: [] });
  const isRecord = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

  /** The state if well formed and replayable on this content, else a fresh one. */
  function checkedState(content, state) {
    const ok = isRecord(state) && state.v === STATE_VERSION && Number.isInteger(state.attempt);
    if (!ok || !Array.isArray(state.path)) return newState();
    try {
      walk(content, state.path);
    } catch (error) {
      if (error instanceof ActionRefused) return newState(state.attempt);
      throw error;
    }
    return { v: STATE_VERSION, attempt: state.attempt, path: [...state.path] };
  }

  function choose(content, state, choiceId) {
    take(content, walk(content, state.path), choiceId);
    return { ...state, path: [...state.path, choiceId] };
  }

  const canRestart = (state, maxAttempts) => maxAttempts <= 0 || state.attempt < maxAttempts;

  function restart(content, state, maxAttempts) {
    if (!state.path.length) throw new ActionRefused('This attempt has not started yet.');
    if (!canRestart(state, maxAttempts)) {
      const count = pyStr(maxAttempts);
      throw new ActionRefused('No attempts left: you have used all {count}.', { count });
    }
    return newState(state.attempt + 1);
  }

  // --- Scoring and view ----------------------------------------------------------------------

  /** What Python's debrief_view(score(scenario, path)) gives. */
  function score(content, path) {
    const current = walk(content, path);
    const earned = current.steps.reduce((sums, s) => addPoints(sums, s.choice), new Map([['', 0]]));
    const most = best(content);
    const possible = most.get('');
    const unset = content.flags.filter((f) => !current.flags.has(f.id));
    const caps = unset.filter((f) => f.cap !== null && f.cap !== undefined).map((f) => f.cap);
    const cap = caps.length ? Math.min(...caps) : null;
    const raw = possible ? earned.get('') / possible : 0;
    return {
      raw: round4(cap === null ? Math.min(raw, 1) : Math.min(raw, cap, 1)),
      earned: earned.get(''),
      possible,
      cap,
      capacities: index(content).codes.map((code) => {
        return { code, earned: earned.get(code) || 0, possible: most.get(code) || 0 };
      }),
      missed: unset.filter((f) => f.kind === 'urgency' || f.kind === 'barrier')
        .map((f) => ({ id: f.id, kind: f.kind, label: f.label })),
    };
  }

  const choiceView = (c) => ({ id: c.id, text: c.text });
  const nodeView = (n) => ({ id: n.id, phase: n.phase, context: n.context, say: n.say });

  /** Everything the learner may see now, and nothing more (see engine.view). */
  function view(content, state, { feedbackMode, maxAttempts }) {
    const current = walk(content, state.path);
    const ended = current.endingId !== null;
    const showFeedback = ended || feedbackMode === 'immediate';
    const transcript = current.steps.map(({ node, choice, flags }) => {
      const entry = { ...nodeView(node), choice: choiceView(choice) };
      entry.feedback = showFeedback ? choice.feedback : '';
      if (ended) {
        // Python's max() keeps the first of equal totals: replace only on a strictly higher one.
        const top = offered(content, node, flags).reduce((a, c) => (total(c) > total(a) ? c : a));
        entry.better = total(top) > total(choice) ? choiceView(top) : null;
      }
      return entry;
    });
    const { name, age, public: audience, situation } = content.persona;
    const result = {
      v: STATE_VERSION,
      attempt: state.attempt,
      max_attempts: maxAttempts,
      can_restart: state.path.length > 0 && canRestart(state, maxAttempts),
      persona: { name, age, public: audience, situation },
      transcript,
      current: null, // the node and its offered choices; at the end, the ending and debrief:
      ending: null,
      debrief: null,
    };
    if (ended) {
      const ending = index(content).endings.get(current.endingId);
      result.ending = { id: ending.id, title: ending.title, debrief: ending.debrief };
      result.debrief = score(content, state.path);
      result.phase = transcript[transcript.length - 1].phase;
    } else {
      const node = index(content).nodes.get(current.nodeId);
      const choices = offered(content, node, current.flags).map(choiceView);
      result.current = { ...nodeView(node), choices };
      result.phase = node.phase;
    }
    return result;
  }

  return {
    STATE_VERSION, ActionRefused, newState, checkedState, choose, restart, canRestart,
    score, view, offered, walk, total, round4,
  };
});
