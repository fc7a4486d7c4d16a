/*
 * Interview simulation engine in the page (SCORM export, no server): a mirror of engine.py that
 * reads the content as `engine.to_dict(scenario)` writes it. The vectors in
 * tests/vectors/interview_simulation/, replayed by pytest and `node --test`, hold the two equal.
 * Content is immutable here: lookups and the scoring analysis are cached per content object.
 * It needs xblocks/common/public/shuffle.js loaded first (required under node).
 */
(function (root, factory) {
  const node = typeof module !== 'undefined' && module.exports;
  const engine = factory(node ? require('../../common/public/shuffle.js') : root.InsertionProShuffle);
  if (node) module.exports = engine;
  else root.InterviewSimulationEngine = engine;
})(typeof globalThis !== 'undefined' ? globalThis : this, function (Shuffle) {
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

  const STALE = 'This page was out of date (another tab, or a repeated click): it now shows '
    + 'where your interview really is.';
  const position = (state) => ({ attempt: state.attempt, step: state.path.length });

  /** Refuse an action made at another position than the state's (a 409 in Open edX). */
  function checkPosition(state, at) {
    const here = position(state);
    const fresh = isRecord(at) && Object.keys(at).length === 2
      && Number.isInteger(at.attempt) && Number.isInteger(at.step)
      && at.attempt === here.attempt && at.step === here.step;
    if (!fresh) {
      const error = new ActionRefused(STALE);
      error.stale = true;
      throw error;
    }
  }

  function choose(content, state, choiceId, at) {
    if (at !== undefined && at !== null) checkPosition(state, at);
    take(content, walk(content, state.path), choiceId);
    return { ...state, path: [...state.path, choiceId] };
  }

  const canRestart = (state, maxAttempts) => maxAttempts <= 0 || state.attempt < maxAttempts;
  const remainingAttempts = (state, maxAttempts) =>
    (maxAttempts <= 0 ? null : Math.max(maxAttempts - state.attempt, 0));

  function restart(content, state, maxAttempts, at) {
    if (at !== undefined && at !== null) checkPosition(state, at);
    if (!state.path.length) throw new ActionRefused('This attempt has not started yet.');
    if (!canRestart(state, maxAttempts)) {
      const count = pyStr(maxAttempts);
      throw new ActionRefused('No attempts left: you have used all {count}.', { count });
    }
    return newState(state.attempt + 1);
  }

  // --- Scoring and the debrief's analysis (scoring.py) ---------------------------------------

  const flagKey = (flags) => [...flags].sort().join('\u0000');

  /** Memoised facts of one content: the best path and the tails reachable from a point. */
  function analysis(content) {
    const ix = index(content);
    if (ix.analysis) return ix.analysis;
    const critical = content.flags.filter((f) => f.cap !== null && f.cap !== undefined);
    const criticalIds = new Set(critical.map((f) => f.id));
    const tailsMemo = new Map();
    const pathMemo = new Map();

    // Tails: a Map from the final critical flags set (as a key) to the most points from here.
    function tailsAfter(choice, flags) {
      const after = withFlags(flags, choice.sets);
      if (ix.endings.has(choice.next)) {
        const set = [...after].filter((f) => criticalIds.has(f));
        return new Map([[flagKey(set), 0]]);
      }
      return tails(choice.next, after);
    }
    function tails(nodeId, flags) {
      const key = nodeId + '\u0001' + flagKey(flags);
      if (!tailsMemo.has(key)) {
        const result = new Map();
        for (const choice of offered(content, ix.nodes.get(nodeId), flags)) {
          for (const [crit, points] of tailsAfter(choice, flags)) {
            const value = points + total(choice);
            if (!result.has(crit) || result.get(crit) < value) result.set(crit, value);
          }
        }
        tailsMemo.set(key, result);
      }
      return tailsMemo.get(key);
    }
    function bestPath(nodeId, flags) {
      const key = nodeId + '\u0001' + flagKey(flags);
      if (!pathMemo.has(key)) {
        let best = [];
        let bestPoints = -1;
        for (const choice of offered(content, ix.nodes.get(nodeId), flags)) {
          const tail = ix.endings.has(choice.next) ? [] : bestPath(choice.next, withFlags(flags, choice.sets));
          const points = total(choice) + tail.reduce((sum, c) => sum + total(c), 0);
          if (points > bestPoints) [best, bestPoints] = [[choice, ...tail], points];
        }
        pathMemo.set(key, best);
      }
      return pathMemo.get(key);
    }
    const path = content.nodes.length ? bestPath(content.nodes[0].id, new Set()) : [];
    const possible = path.reduce((sum, c) => sum + total(c), 0);
    function capped(points, criticalSet) {
      const raw = possible ? points / possible : 0;
      const caps = critical.filter((f) => !criticalSet.has(f.id)).map((f) => f.cap);
      return Math.min(raw, ...caps, 1);
    }
    function value(choice, flags, earnedBefore) {
      let best = -Infinity;
      for (const [crit, points] of tailsAfter(choice, flags)) {
        const set = new Set(crit ? crit.split('\u0000') : []);
        best = Math.max(best, capped(earnedBefore + total(choice) + points, set));
      }
      return best;
    }
    ix.analysis = { critical, criticalIds, bestPath: path, possible, capped, value };
    return ix.analysis;
  }

  function perCode(choices) {
    const totals = new Map();
    for (const choice of choices) {
      for (const [code, value] of choice.points) totals.set(code, (totals.get(code) || 0) + value);
    }
    return totals;
  }

  const flagView = (f) => ({ id: f.id, kind: f.kind, label: f.label });
  const missedFlags = (content, flags) =>
    content.flags.filter((f) => (f.kind === 'urgency' || f.kind === 'barrier') && !flags.has(f.id));

  /** What Python's debrief_view(score(scenario, path)) gives. */
  function score(content, path) {
    const current = walk(content, path);
    const facts = analysis(content);
    const chosen = current.steps.map((s) => s.choice);
    const [earned, best] = [perCode(chosen), perCode(facts.bestPath)];
    const points = chosen.reduce((sum, c) => sum + total(c), 0);
    const uncapped = facts.possible ? Math.min(points / facts.possible, 1) : 0;
    const raw = facts.capped(points, new Set([...current.flags].filter((f) => facts.criticalIds.has(f))));
    const lowering = facts.critical.filter((f) => !current.flags.has(f.id) && f.cap < uncapped);
    const cap = lowering.length ? Math.min(...lowering.map((f) => f.cap)) : null;
    return {
      raw: round4(raw),
      uncapped: round4(uncapped),
      earned: points,
      possible: facts.possible,
      cap,
      cap_flags: lowering.filter((f) => f.cap === cap).map(flagView),
      capacities: index(content).codes.map((code) => {
        return { code, earned: earned.get(code) || 0, possible: best.get(code) || 0 };
      }),
      missed: missedFlags(content, current.flags).map(flagView),
    };
  }

  /** The offered choice that keeps the most reachable, never one that drops a caught item. */
  function better(facts, choices, taken, values) {
    const caught = taken.sets.filter((f) => facts.criticalIds.has(f));
    let best = null;
    for (const c of choices) {
      if (!(values.get(c.id) > values.get(taken.id)) || !caught.every((f) => c.sets.includes(f))) continue;
      const v = values.get(c.id);
      const bv = best && values.get(best.id);
      if (best === null || v > bv || (v === bv && total(c) > total(best))) best = c;
    }
    return best;
  }

  function leadsToCatch(content, flags, choice, flagId) {
    const target = index(content).nodes.get(choice.next);
    if (target === undefined) return false;
    return offered(content, target, withFlags(flags, choice.sets)).some((c) => c.sets.includes(flagId));
  }

  /** For each missed flag, the step that could have caught it (scoring._catch_steps). */
  function catchSteps(content, steps, missed) {
    const found = new Map();
    for (const flag of missed) {
      let direct = null;
      let leading = null;
      steps.forEach(({ node, choice: taken, flags }, i) => {
        const others = offered(content, node, flags).filter((c) => c.id !== taken.id);
        if (direct === null && others.some((c) => c.sets.includes(flag.id))) direct = i;
        if (leading === null && !leadsToCatch(content, flags, taken, flag.id)
          && others.some((c) => leadsToCatch(content, flags, c, flag.id))) leading = i;
      });
      const step = direct !== null ? direct : leading;
      if (step !== null) found.set(flag.id, step);
    }
    return found;
  }

  /** One review per decision: outcome, better choice, missed items catchable there (review()). */
  function review(content, path, ended = true) {
    const current = walk(content, path);
    const facts = analysis(content);
    const catchAt = ended ? catchSteps(content, current.steps, missedFlags(content, current.flags)) : new Map();
    let earned = 0;
    return current.steps.map(({ node, choice: taken, flags }, i) => {
      const choices = offered(content, node, flags);
      const values = new Map(choices.map((c) => [c.id, facts.value(c, flags, earned)]));
      const top = Math.max(...values.values());
      let outcome;
      if (values.get(taken.id) < top) outcome = total(taken) > 0 ? 'partial' : 'missed';
      else outcome = total(taken) > 0 ? 'best' : 'neutral';
      const catchHere = missedFlags(content, current.flags).filter((f) => catchAt.get(f.id) === i);
      earned += total(taken);
      return { outcome, better: ended ? better(facts, choices, taken, values) : null, catch: catchHere };
    });
  }

  // --- View (views.py) ----------------------------------------------------------------------

  const textView = (c) => ({ text: c.text });
  const nodeView = (n) => ({ id: n.id, phase: n.phase, context: n.context, say: n.say });

  /** The id of the offered choice the page calls `token`, its place in the order shown
   * ("0", "1"…: the ids authors write would give the answer away); views.chosen_id. */
  function chosenId(content, state, seed, token) {
    const current = walk(content, state.path);
    if (current.endingId !== null) throw new ActionRefused('The interview is over: restart it to choose again.');
    const node = index(content).nodes.get(current.nodeId);
    const shown = shownChoices(content, node, current.flags, Shuffle.orderKey(seed, state.attempt, node.id));
    const place = typeof token === 'string' && /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : -1;
    if (place >= 0 && place < shown.length) return shown[place].id;
    const text = Array.from(pyStr(token)).slice(0, 40).join('');
    throw new ActionRefused('Unknown choice {choice}.', { choice: text });
  }

  /** The choices offered at `node`, in the order this learner sees them. */
  function shownChoices(content, node, flags, key) {
    const open = new Set(offered(content, node, flags).map((c) => c.id));
    const order = node.shuffle === false ? node.choices : Shuffle.shuffled(node.choices, key);
    return order.filter((c) => open.has(c.id));
  }

  function transcriptOf(content, path, ended, showFeedback) {
    const reviews = showFeedback ? review(content, path, ended) : null;
    return walk(content, path).steps.map(({ node, choice }, i) => {
      const entry = { ...nodeView(node), choice: textView(choice) };
      entry.feedback = showFeedback ? choice.feedback : '';
      entry.outcome = showFeedback ? reviews[i].outcome : null;
      if (ended) {
        entry.better = reviews[i].better ? textView(reviews[i].better) : null;
        entry.catch = reviews[i].catch.map(flagView);
      }
      return entry;
    });
  }

  /** A finished attempt as its debrief shows it (views.end_view). */
  function endView(content, attempt, path) {
    const current = walk(content, path);
    const ending = index(content).endings.get(current.endingId);
    const notes = (ending.notes || []).filter((n) => isOpen(n, current.flags)).map((n) => n.text);
    const transcript = transcriptOf(content, path, true, true);
    return {
      attempt,
      transcript,
      ending: { id: ending.id, title: ending.title, debrief: [ending.debrief, ...notes].join(' ').trim() },
      debrief: score(content, path),
      phase: transcript[transcript.length - 1].phase,
    };
  }

  /** The attempt kept once `state` is saved (views.kept_after): strictly better replaces. */
  function keptAfter(content, kept, state) {
    if (walk(content, state.path).endingId === null) return kept;
    const here = endView(content, state.attempt, state.path);
    return kept === null || here.debrief.raw > kept.debrief.raw ? here : kept;
  }

  const keptSummary = (kept) => (kept ? { attempt: kept.attempt, raw: kept.debrief.raw } : null);

  /** Everything the learner may see now, and nothing more (views.view). */
  function view(content, state, { feedbackMode, maxAttempts, seed = '', kept = null }) {
    const current = walk(content, state.path);
    const ended = current.endingId !== null;
    const { name, age, public: audience, gender = '', situation } = content.persona;
    const result = {
      v: STATE_VERSION,
      at: position(state),
      attempt: state.attempt,
      max_attempts: maxAttempts,
      remaining: remainingAttempts(state, maxAttempts),
      can_restart: state.path.length > 0 && canRestart(state, maxAttempts),
      persona: { name, age, public: audience, gender, situation },
      current: null,
      ending: null,
      debrief: null,
      kept: null,
      shown_attempt: state.attempt,
      last_raw: null,
    };
    if (!ended) {
      const node = index(content).nodes.get(current.nodeId);
      const key = Shuffle.orderKey(seed, state.attempt, node.id);
      result.transcript = transcriptOf(content, state.path, false, feedbackMode === 'immediate');
      const choices = shownChoices(content, node, current.flags, key)
        .map((c, place) => ({ id: String(place), text: c.text }));
      result.current = { ...nodeView(node), choices };
      result.phase = node.phase;
      return result;
    }
    const here = endView(content, state.attempt, state.path);
    let best = here;
    if (kept && kept.debrief.raw >= here.debrief.raw && kept.attempt !== here.attempt) best = kept;
    result.kept = keptSummary(best);
    const shown = result.can_restart ? here : best;
    for (const key of ['transcript', 'ending', 'debrief', 'phase']) result[key] = shown[key];
    result.shown_attempt = shown.attempt;
    result.last_raw = here.debrief.raw;
    return result;
  }

  return {
    STATE_VERSION, ActionRefused, newState, checkedState, choose, restart, canRestart,
    position, checkPosition, score, review, endView, keptAfter, view, chosenId, offered, walk, total, round4,
  };
});
