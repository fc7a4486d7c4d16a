/*
 * Partner network engine in the page (SCORM export, Studio preview): a mirror of engine.py and
 * scoring.py that reads the content as `engine.to_dict(network)` writes it. The vectors in
 * tests/vectors/partner_network/, replayed by pytest and `node --test`, hold the two equal.
 * Content is immutable here: its lookups are cached per content object. Bit masks are read
 * and built with arithmetic, never 32-bit operators: a mask over 40 partners passes 2^31.
 * It needs xblocks/common/public/shuffle.js loaded first (required under node).
 */
(function (root, factory) {
  const node = typeof module !== 'undefined' && module.exports;
  const engine = factory(node ? require('../../common/public/shuffle.js') : root.InsertionProShuffle);
  if (node) module.exports = engine;
  else root.PartnerNetworkEngine = engine;
})(typeof globalThis !== 'undefined' ? globalThis : this, function (Shuffle) {
  'use strict';

  const STATE_VERSION = 1;
  const DOMAINS = ('emploi formation social sante logement mobilite garde_enfants langue_numerique '
    + 'handicap justice entreprises').split(' ');
  const PARTS = ['expects', 'offers'];
  const MAX_MOBILISED = 6;
  const MAX_JUSTIFICATION = 300; // code points
  const UNDO_DEPTH = 5;
  const MAX_STEPS = 99999;
  const MAX_ATTEMPT_NUMBER = 999999;
  const MAX_LIST = 64;

  // The templates of engine.py and scoring.py, word for word (the catalogs translate them).
  const T = {
    malformed: 'This action is malformed: {field}.',
    unknownAction: 'Unknown action {action}.',
    unknownPartner: 'Unknown partner {partner}.',
    unknownDomain: 'Unknown domain {domain}.',
    unknownType: 'Unknown relation type {relation}.',
    unknownQuestion: 'Unknown question {question}.',
    unknownOption: 'Unknown option {option}.',
    unknownSituation: 'Unknown situation {situation}.',
    noMap: 'This activity has no map to draw.',
    noRelations: 'This map asks for no relation.',
    self: 'A relation links two different partners.',
    duplicate: 'There is already a relation between {source} and {target}: remove it first to change it.',
    noRelation: 'There is no relation between {source} and {target}.',
    tooManyRelations: 'The map holds at most {limit} relations.',
    oneOption: 'Question {question} takes a single answer.',
    tooManyPartners: 'Choose at most {limit} partners for a situation.',
    firstNotChosen: 'The partner to mobilise first ({partner}) must be one of the partners chosen.',
    textInvalid: 'The justification must be plain text.',
    textLong: 'The justification is {count} characters long, over the limit of {limit}.',
    submitted: 'This attempt is submitted: start a new attempt to change your answers.',
    nothingToUndo: 'There is nothing to undo.',
    nothingToSubmit: 'There is nothing to submit yet: place a partner, draw a relation or answer a '
      + 'question first.',
    notSubmitted: 'Submit this attempt before starting a new one.',
    noAttempts: 'No attempts left: you have used all {count}.',
    tooManySteps: 'This attempt has reached {limit} actions: submit it.',
    stale: 'This page was out of date (another tab, or a repeated click): it now shows your map '
      + 'and answers as they really are.',
  };
  const EXPLAIN = {
    score: 'The score is the points you earned ({earned}) over the points of every item '
      + '({possible}): {percent}%.',
    capped: 'Capped at {percent}% because the urgency of a situation was left without its '
      + 'partner: {items}.',
    capacity: '{code}: the points you earned ({earned}) over the points of the items tagged '
      + '{code} ({possible}): {percent}%.',
    placement: "A partner's placement earns its points times the F1 of the domains you chose "
      + "against the reference's: twice the right domains over the domains you chose plus the "
      + "reference's.",
    relation: 'A relation of the reference earns a third of its points for linking the right '
      + 'partners, a third for its type and a third for its direction, times the share of your '
      + 'relations that link partners the reference links ({matched} of {drawn}).',
    question: 'A question earns its points times the F1 of the options you chose against the '
      + 'right ones.',
    strategy: "A partner's strategy earns its points times the mean F1 of its lists: what the "
      + 'partner expects, what it can offer.',
    situation: 'A situation earns two thirds of its points for the partners you chose (their F1 '
      + "against the reference's) and a third for the partner you mobilise first (none when "
      + 'nothing is urgent).',
  };

  // Python's str() of a JSON value: exact for strings, None, booleans and integers; lists and
  // objects as Python's repr writes them for plain contents.
  function pyStr(value) {
    if (typeof value === 'string') return value;
    return pyRepr(value);
  }
  function pyRepr(value) {
    if (value === null || value === undefined) return 'None';
    if (typeof value === 'boolean') return value ? 'True' : 'False';
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') {
      const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
      const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
        .replace(/\t/g, '\\t');
      return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
    }
    if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
    return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
  const pyTruthy = (value) => (Array.isArray(value) ? value.length > 0
    : isRecord(value) ? Object.keys(value).length > 0 : Boolean(value));
  const cut = (text, size) => Array.from(text).slice(0, size).join(''); // code points
  const shown = (value) => cut(pyStr(value), 40);

  /** A learner action the engine refuses; `template` and `params` (strings) are Python's. */
  class ActionRefused extends Error {
    constructor(template, params = {}) {
      const values = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, pyStr(v)]));
      super(template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole)));
      this.name = 'ActionRefused';
      this.template = template;
      this.params = values;
    }
  }
  /** An action made on a view the state has moved past (409 in Open edX). */
  class ActionStale extends ActionRefused {
    constructor(template) {
      super(template);
      this.name = 'ActionStale';
      this.stale = true;
    }
  }

  // --- Numbers as Python computes them --------------------------------------------------------

  const isInt = (value, low, high) => Number.isInteger(value) && value >= low && value <= high;
  const bit = (mask, i) => Math.floor(mask / 2 ** i) % 2 === 1;
  const bits = (mask) => {
    const found = [];
    for (let i = 0, rest = mask; rest > 0; i += 1, rest = Math.floor(rest / 2)) {
      if (rest % 2) found.push(i);
    }
    return found;
  };
  const maskOf = (indices) => [...new Set(indices)].reduce((mask, i) => mask + 2 ** i, 0);

  // Python's round(x, digits) rounds the exact binary value, ties to even. toFixed rounds the
  // exact value too but ties away from zero: only exact ties (such as 1/32 = 0.03125) differ,
  // and forty digits show the whole expansion of such a tie.
  function roundTo(x, digits) {
    const tie = new RegExp(`^(-?\\d+\\.\\d{${digits - 1}})(\\d)50*$`).exec(x.toFixed(40));
    if (tie && Number(tie[2]) % 2 === 0) return Number(tie[1] + tie[2]);
    return Number(x.toFixed(digits));
  }
  const round4 = (x) => roundTo(x, 4);
  function roundInt(x) { // round(x): half to even
    const floor = Math.floor(x);
    const rest = x - floor;
    if (rest !== 0.5) return rest < 0.5 ? floor : floor + 1;
    return floor % 2 === 0 ? floor : floor + 1;
  }

  // capacity_sort_key: "B2.2" before "B2.10", then the code itself on a tie.
  const codeKey = (code) => code.slice(1).split('.').filter((p) => /^[0-9]+$/.test(p)).map(Number);
  function compareCodes(a, b) {
    const [ka, kb] = [codeKey(a), codeKey(b)];
    for (let i = 0; i < Math.min(ka.length, kb.length); i += 1) {
      if (ka[i] !== kb[i]) return ka[i] - kb[i];
    }
    return ka.length - kb.length || (a < b ? -1 : a > b ? 1 : 0);
  }

  // An option's place in the shown order: ASCII digits only, as the Python engine reads it
  // ("²" or "٣" name no place).
  function place(token) {
    if (typeof token !== 'string' || !/^[0-9]{1,4}$/.test(token)) return -1;
    return Number(token);
  }

  // --- Content lookups (the cached properties of engine.Network) ------------------------------

  const indexes = new WeakMap();
  function index(content) {
    if (indexes.has(content)) return indexes.get(content);
    const partners = content.partners;
    const nodeIds = [content.structure.id, ...partners.map((p) => p.id)];
    const questions = content.questions ? content.questions.items : [];
    const strategies = content.strategies ? content.strategies.items : [];
    const situations = content.situations ? content.situations.items : [];
    const choiceLists = questions.map((q) => ({ id: q.id, part: '', choices: q.choices, shuffle: q.shuffle }));
    for (const s of strategies) {
      for (const [part, choices] of strategyLists(s)) choiceLists.push({ id: s.id, part, choices, shuffle: s.shuffle });
    }
    const byPosition = (items) => new Map(items.map((item, i) => [item, i]));
    const ix = {
      partnerIndex: byPosition(partners.map((p) => p.id)),
      nodeIds,
      nodeIndex: byPosition(nodeIds),
      nodeNames: [content.structure.name, ...partners.map((p) => p.name)],
      typeIndex: byPosition(content.relation_types.map((t) => t.id)),
      questions,
      strategies,
      situations,
      situationIndex: byPosition(situations.map((s) => s.id)),
      choiceLists,
      listIndex: byPosition(choiceLists.map((c) => listKey(c.id, c.part))),
      maxRelations: content.map && content.map.relations.length ? 2 * nodeIds.length : 0,
    };
    indexes.set(content, ix);
    return ix;
  }
  const listKey = (id, part) => JSON.stringify([id, part]);
  const strategyLists = (s) => PARTS.map((part) => [part, s[part]]).filter(([, c]) => c !== null && c !== undefined);

  // --- Learner state --------------------------------------------------------------------------

  function newState(content, attempt = 1) {
    const ix = index(content);
    return {
      v: STATE_VERSION,
      a: attempt,
      n: 0,
      f: 0,
      p: content.map ? content.partners.map(() => 0) : [],
      r: [],
      q: ix.choiceLists.map(() => 0),
      s: ix.situations.map(() => [[], -1]),
      j: ix.situations.map(() => ''),
      u: [],
    };
  }

  function relationCode(content, source, target, type, twoWay) {
    const [nodes, types] = [index(content).nodeIds.length, content.relation_types.length];
    return ((source * nodes + target) * types + type) * 2 + (twoWay ? 1 : 0);
  }
  /** [source node, target node, type, both ways] of a relation code. */
  function decodeRelation(content, code) {
    const [nodes, types] = [index(content).nodeIds.length, content.relation_types.length];
    const twoWay = code % 2 === 1;
    let rest = Math.floor(code / 2);
    const type = rest % types;
    rest = Math.floor(rest / types);
    return [Math.floor(rest / nodes), rest % nodes, type, twoWay];
  }
  function relationPair(content, code) {
    const [source, target] = decodeRelation(content, code);
    return [Math.min(source, target), Math.max(source, target)];
  }
  const samePair = (a, b) => a[0] === b[0] && a[1] === b[1];

  // eslint-disable-next-line no-control-regex
  const TEXT_REFUSED = /[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]/u; // with "u": lone surrogates only
  /** Why a justification cannot be saved, or null. */
  function textProblem(text) {
    if (typeof text !== 'string' || TEXT_REFUSED.test(text)) return new ActionRefused(T.textInvalid);
    const count = Array.from(text).length;
    if (count > MAX_JUSTIFICATION) return new ActionRefused(T.textLong, { count, limit: MAX_JUSTIFICATION });
    return null;
  }

  const isRecord = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
  const ascending = (list) => list.every((value, i) => i === 0 || list[i - 1] < value);

  function validRelations(content, codes) {
    const ix = index(content);
    if (!Array.isArray(codes) || codes.length > ix.maxRelations) return false;
    const top = 2 * ix.nodeIds.length ** 2 * content.relation_types.length - 1;
    if (!codes.every((code) => isInt(code, 0, top)) || !ascending(codes)) return false;
    const pairs = codes.map((code) => relationPair(content, code));
    return new Set(pairs.map(String)).size === pairs.length && pairs.every(([a, b]) => a !== b);
  }

  const validMask = (mask, size, select = 'many') =>
    isInt(mask, 0, 2 ** size - 1) && (select === 'many' || bits(mask).length <= 1);

  function validDecision(content, entry) {
    if (!Array.isArray(entry) || entry.length !== 2 || !Array.isArray(entry[0])) return false;
    const [chosen, first] = entry;
    const count = content.partners.length;
    return chosen.length <= MAX_MOBILISED && chosen.every((i) => isInt(i, 0, count - 1))
      && ascending(chosen) && (first === -1 || (Number.isInteger(first) && chosen.includes(first)));
  }

  function validDraft(content, state) {
    const ix = index(content);
    const { p: masks, q: answers, s: decisions, j: texts } = state;
    return Array.isArray(masks) && masks.length === (content.map ? content.partners.length : 0)
      && masks.every((m) => validMask(m, DOMAINS.length))
      && validRelations(content, state.r)
      && Array.isArray(answers) && answers.length === ix.choiceLists.length
      && answers.every((m, i) => {
        const { options, select } = ix.choiceLists[i].choices;
        return validMask(m, options.length, select);
      })
      && Array.isArray(decisions) && decisions.length === ix.situations.length
      && decisions.every((entry) => validDecision(content, entry))
      && Array.isArray(texts) && texts.length === ix.situations.length
      && texts.every((text) => textProblem(text) === null);
  }

  /** The state if it is well formed for this content, else a fresh one (its attempt kept). */
  function checkedState(content, state) {
    if (!isRecord(state) || state.v !== STATE_VERSION) return newState(content);
    if (!isInt(state.a, 1, MAX_ATTEMPT_NUMBER)) return newState(content);
    if (!(isInt(state.n, 0, MAX_STEPS) && (state.f === 0 || state.f === 1) && validDraft(content, state))) {
      return newState(content, state.a);
    }
    const { v, a, n, f, p, r, q, s, j } = state;
    const clean = copy({ v, a, n, f, p, r, q, s, j });
    clean.u = replayableUndo(content, clean, state.u);
    return clean;
  }

  function copy(state) {
    return {
      ...state,
      p: [...state.p],
      r: [...state.r],
      q: [...state.q],
      s: state.s.map(([chosen, first]) => [[...chosen], first]),
      j: [...state.j],
      u: (state.u || []).map((entry) => [...entry]),
    };
  }

  function validEntry(content, entry) {
    if (!Array.isArray(entry) || !entry.length || !Number.isInteger(entry[0])) return false;
    const ix = index(content);
    const sizes = {
      0: [3, content.map ? content.partners.length : 0],
      1: [2, 2 ** 53],
      2: [2, 2 ** 53],
      3: [3, ix.choiceLists.length],
      4: [4, ix.situations.length],
    };
    const [length, slots] = sizes[entry[0]] || [0, 0];
    return entry.length === length && isInt(entry[1], 0, slots - 1)
      && (entry[0] === 4 || entry.slice(2).every(Number.isInteger))
      && (entry[0] !== 4 || (Array.isArray(entry[2]) && Number.isInteger(entry[3])));
  }

  /** Undo the newest entry of an edited copy; null if it does not apply to this draft. */
  function undoOne(state) {
    const entry = state.u[state.u.length - 1];
    state.u = state.u.slice(0, -1);
    const [kind, slot] = entry;
    if (kind === 0) state.p[slot] = entry[2];
    else if (kind === 1 && state.r.includes(slot)) state.r = state.r.filter((code) => code !== slot);
    else if (kind === 2 && !state.r.includes(slot)) state.r = [...state.r, slot].sort((a, b) => a - b);
    else if (kind === 3) state.q[slot] = entry[2];
    else if (kind === 4) state.s[slot] = [[...entry[2]], entry[3]];
    else return null;
    return state;
  }

  function replayableUndo(content, state, entries) {
    if (state.f || !Array.isArray(entries) || entries.length > UNDO_DEPTH) return [];
    if (!entries.every((entry) => validEntry(content, entry))) return [];
    const kept = entries.map((e) => e.map((part) => (Array.isArray(part) ? [...part] : part)));
    let trial = { ...copy(state), u: kept.map((entry) => [...entry]) };
    while (trial.u.length) {
      trial = undoOne(trial);
      if (trial === null || !validDraft(content, trial)) return [];
    }
    return kept;
  }

  const position = (state) => ({ attempt: state.a, step: state.n });

  /** Refuse an action made at another position than the state's (ActionStale). */
  function checkPosition(state, at) {
    const fresh = isRecord(at) && Object.keys(at).length === 2
      && Number.isInteger(at.attempt) && Number.isInteger(at.step)
      && at.attempt === state.a && at.step === state.n;
    if (!fresh) throw new ActionStale(T.stale);
  }

  const isEmpty = (state) => !state.p.some(Boolean) && !state.r.length && !state.q.some(Boolean)
    && state.s.every(([chosen, first]) => !chosen.length && first === -1) && !state.j.some(Boolean);
  const canRestart = (state, maxAttempts) => state.a < (maxAttempts > 0 ? maxAttempts : MAX_ATTEMPT_NUMBER);
  const remainingAttempts = (state, maxAttempts) => (maxAttempts <= 0 ? null : Math.max(maxAttempts - state.a, 0));

  // --- Actions --------------------------------------------------------------------------------

  const get = (action, field, fallback = null) => (Object.hasOwn(action, field) ? action[field] : fallback);

  /** The index `found` gives a string id, else the refusal that quotes the value sent. */
  function known(found, value, template, field) {
    if (typeof value !== 'string' || !found.has(value)) throw new ActionRefused(template, { [field]: shown(value) });
    return found.get(value);
  }
  const partnerOf = (content, value) => known(index(content).partnerIndex, value, T.unknownPartner, 'partner');
  const nodeOf = (content, value) => known(index(content).nodeIndex, value, T.unknownPartner, 'partner');
  const domains = new Map(DOMAINS.map((d, i) => [d, i]));
  function strings(action, field) {
    const values = get(action, field);
    if (!Array.isArray(values) || values.length > MAX_LIST) throw new ActionRefused(T.malformed, { field });
    return values;
  }

  /** A copy of the state to edit, if the attempt is still open (the last step kept for submit). */
  function editable(state) {
    if (state.f) throw new ActionRefused(T.submitted);
    if (state.n >= MAX_STEPS - 1) throw new ActionRefused(T.tooManySteps, { limit: MAX_STEPS });
    return copy(state);
  }
  function done(state, undo = null) {
    state.n += 1;
    if (undo !== null) state.u = [...state.u, undo].slice(-UNDO_DEPTH);
    return state;
  }

  function placeAction(content, state, action) {
    const result = editable(state);
    if (!content.map) throw new ActionRefused(T.noMap);
    const slot = partnerOf(content, get(action, 'partner'));
    const mask = maskOf(strings(action, 'domains').map((d) => known(domains, d, T.unknownDomain, 'domain')));
    const before = result.p[slot];
    result.p[slot] = mask;
    return done(result, before === mask ? null : [0, slot, before]);
  }

  function relationNodes(content, action) {
    if (!content.map) throw new ActionRefused(T.noMap);
    if (!index(content).maxRelations) throw new ActionRefused(T.noRelations);
    const [source, target] = [nodeOf(content, get(action, 'from')), nodeOf(content, get(action, 'to'))];
    if (source === target) throw new ActionRefused(T.self);
    return [source, target];
  }
  const names = (content, source, target) => {
    const nodeNames = index(content).nodeNames;
    return { source: nodeNames[source], target: nodeNames[target] };
  };

  function relate(content, state, action) {
    const result = editable(state);
    const [source, target] = relationNodes(content, action);
    const ix = index(content);
    const type = known(ix.typeIndex, get(action, 'relation'), T.unknownType, 'relation');
    const twoWay = get(action, 'two_way', false);
    if (typeof twoWay !== 'boolean') throw new ActionRefused(T.malformed, { field: 'two_way' });
    const pair = [Math.min(source, target), Math.max(source, target)];
    if (result.r.some((code) => samePair(relationPair(content, code), pair))) {
      throw new ActionRefused(T.duplicate, names(content, source, target));
    }
    if (result.r.length >= ix.maxRelations) throw new ActionRefused(T.tooManyRelations, { limit: ix.maxRelations });
    const code = relationCode(content, source, target, type, twoWay);
    result.r = [...result.r, code].sort((a, b) => a - b);
    return done(result, [1, code]);
  }

  function unrelate(content, state, action) {
    const result = editable(state);
    const [source, target] = relationNodes(content, action);
    const pair = [Math.min(source, target), Math.max(source, target)];
    const found = result.r.filter((code) => samePair(relationPair(content, code), pair));
    if (!found.length) throw new ActionRefused(T.noRelation, names(content, source, target));
    result.r = result.r.filter((code) => code !== found[0]);
    return done(result, [2, found[0]]);
  }

  /** The authored indices of a choice list's options, in the order this learner sees them. */
  function shownOptions(content, listIndex, seed, attempt) {
    const { id, part, choices, shuffle } = index(content).choiceLists[listIndex];
    const indices = choices.options.map((_option, i) => i);
    if (!shuffle) return indices;
    return Shuffle.shuffled(indices, Shuffle.orderKey(seed, attempt, id, ...(part ? [part] : [])));
  }

  function answer(content, state, action, seed) {
    const result = editable(state);
    const ix = index(content);
    const [questionId, part] = [get(action, 'question'), get(action, 'part', '')];
    const key = typeof questionId === 'string' && typeof part === 'string' ? listKey(questionId, part) : null;
    if (key === null || !ix.listIndex.has(key)) {
      const named = pyTruthy(part) ? `${pyStr(questionId)}/${pyStr(part)}` : questionId;
      throw new ActionRefused(T.unknownQuestion, { question: shown(named) });
    }
    const slot = ix.listIndex.get(key);
    const places = shownOptions(content, slot, seed, state.a);
    const chosen = strings(action, 'options').map((token) => {
      const at = place(token);
      if (at < 0 || at >= places.length) throw new ActionRefused(T.unknownOption, { option: shown(token) });
      return places[at];
    });
    const mask = maskOf(chosen);
    if (ix.choiceLists[slot].choices.select === 'one' && bits(mask).length > 1) {
      throw new ActionRefused(T.oneOption, { question: questionId });
    }
    const before = result.q[slot];
    result.q[slot] = mask;
    return done(result, before === mask ? null : [3, slot, before]);
  }

  const situationOf = (content, value) =>
    known(index(content).situationIndex, value, T.unknownSituation, 'situation');

  function decide(content, state, action) {
    const result = editable(state);
    const slot = situationOf(content, get(action, 'situation'));
    const picked = strings(action, 'partners').map((value) => partnerOf(content, value));
    const chosen = [...new Set(picked)].sort((a, b) => a - b);
    if (chosen.length > MAX_MOBILISED) throw new ActionRefused(T.tooManyPartners, { limit: MAX_MOBILISED });
    const first = get(action, 'first');
    const firstIndex = first === null ? -1 : partnerOf(content, first);
    if (first !== null && !chosen.includes(firstIndex)) {
      throw new ActionRefused(T.firstNotChosen, { partner: content.partners[firstIndex].name });
    }
    const before = result.s[slot];
    result.s[slot] = [chosen, firstIndex];
    const changed = before[1] !== firstIndex || String(before[0]) !== String(chosen);
    return done(result, changed ? [4, slot, [...before[0]], before[1]] : null);
  }

  function justify(content, state, action) {
    const result = editable(state);
    const slot = situationOf(content, get(action, 'situation'));
    const refusal = textProblem(get(action, 'text'));
    if (refusal !== null) throw refusal;
    result.j[slot] = action.text;
    return done(result);
  }

  function undo(content, state) {
    const result = editable(state);
    if (!result.u.length) throw new ActionRefused(T.nothingToUndo);
    return done(undoOne(result));
  }

  function submit(content, state) {
    if (state.f) throw new ActionRefused(T.submitted);
    if (isEmpty(state)) throw new ActionRefused(T.nothingToSubmit);
    const result = done(copy(state));
    [result.f, result.u] = [1, []];
    return result;
  }

  function restart(content, state, maxAttempts) {
    if (!state.f) throw new ActionRefused(T.notSubmitted);
    if (!canRestart(state, maxAttempts)) throw new ActionRefused(T.noAttempts, { count: maxAttempts });
    return newState(content, state.a + 1);
  }

  const ACTIONS = new Map([
    ['place', placeAction], ['relate', relate], ['unrelate', unrelate], ['decide', decide],
    ['justify', justify], ['undo', undo], ['submit', submit],
  ]);

  /** The state after a learner action (engine.apply); throws ActionRefused if not allowed.
   * The given state is never changed. */
  function apply(content, state, action, { maxAttempts, seed = '' }) {
    if (!isRecord(action)) throw new ActionRefused(T.malformed, { field: 'action' });
    checkPosition(state, get(action, 'at'));
    const kind = get(action, 'type');
    if (kind === 'answer') return answer(content, state, action, seed);
    if (kind === 'restart') return restart(content, state, maxAttempts);
    return known(ACTIONS, kind, T.unknownAction, 'action')(content, state, action);
  }

  // --- What the learner sees ------------------------------------------------------------------

  function card(partner, withDomains) {
    const { id, name, kind, mission, public: audience, funding, contact } = partner;
    const found = { id, name, kind, mission, public: audience, funding, contact };
    if (withDomains) found.domains = [...partner.domains];
    return found;
  }

  function choicesView(content, slot, mask, seed, attempt) {
    const choices = index(content).choiceLists[slot].choices;
    const order = shownOptions(content, slot, seed, attempt);
    return {
      select: choices.select,
      options: order.map((i, at) => ({ id: String(at), text: choices.options[i].text })),
      chosen: order.flatMap((i, at) => (bit(mask, i) ? [String(at)] : [])),
    };
  }

  function mapView(content, state, key, shownPartners) {
    const ix = index(content);
    const rank = new Map([0, ...shownPartners.map((p) => ix.partnerIndex.get(p.id) + 1)].map((n, at) => [n, at]));
    const drawn = state.r.map((code) => decodeRelation(content, code))
      .sort((a, b) => rank.get(a[0]) - rank.get(b[0]) || rank.get(a[1]) - rank.get(b[1]));
    return {
      domains: Shuffle.shuffled(DOMAINS, key('domains')),
      relation_types: Shuffle.shuffled(content.relation_types, key('relation_types'))
        .map(({ id, label, meaning }) => ({ id, label, meaning })),
      max_relations: ix.maxRelations,
      placed: shownPartners.flatMap((p) => {
        const mask = state.p[ix.partnerIndex.get(p.id)];
        return mask ? [{ partner: p.id, domains: DOMAINS.filter((_d, i) => bit(mask, i)) }] : [];
      }),
      relations: drawn.map(([source, target, type, twoWay]) => ({
        from: ix.nodeIds[source], to: ix.nodeIds[target], relation: content.relation_types[type].id, two_way: twoWay,
      })),
    };
  }

  function situationView(content, state, slot, key) {
    const situation = index(content).situations[slot];
    const [chosen, first] = state.s[slot];
    const order = Shuffle.shuffled(content.partners, key('situation', situation.id));
    const picked = new Set(chosen.map((i) => content.partners[i].id));
    return {
      id: situation.id,
      title: situation.title,
      text: situation.text,
      partners: order.map((p) => p.id),
      chosen: order.filter((p) => picked.has(p.id)).map((p) => p.id),
      first: first === -1 ? null : content.partners[first].id,
      justification: state.j[slot],
    };
  }

  /** Everything the learner may see of `state` now, and no reference answer (learner_view). */
  function learnerView(content, state, { seed = '', maxAttempts = 0 } = {}) {
    const ix = index(content);
    const attempt = state.a;
    const key = (...parts) => Shuffle.orderKey(seed, attempt, ...parts);
    const shownPartners = Shuffle.shuffled(content.partners, key('partners'));
    const { territory, structure } = content;
    return {
      v: STATE_VERSION,
      at: position(state),
      attempt,
      max_attempts: maxAttempts,
      remaining: remainingAttempts(state, maxAttempts),
      submitted: Boolean(state.f),
      can_undo: !state.f && state.u.length > 0,
      can_submit: !state.f && !isEmpty(state),
      can_restart: Boolean(state.f) && canRestart(state, maxAttempts),
      limits: { partners: MAX_MOBILISED, justification: MAX_JUSTIFICATION },
      territory: territory ? {
        name: territory.name,
        profile: territory.profile,
        indicators: territory.indicators
          .map(({ id, label, value, date, source }) => ({ id, label, value, date, source })),
      } : null,
      structure: { id: structure.id, name: structure.name, kind: structure.kind, description: structure.description },
      partners: shownPartners.map((p) => card(p, !content.map)),
      map: content.map ? mapView(content, state, key, shownPartners) : null,
      questions: ix.questions.map((q, i) => ({
        id: q.id, prompt: q.prompt, ...choicesView(content, i, state.q[i], seed, attempt),
      })),
      strategies: ix.strategies.map((s) => ({
        id: s.id,
        partner: s.partner,
        prompt: s.prompt,
        lists: strategyLists(s).map(([part]) => {
          const slot = ix.listIndex.get(listKey(s.id, part));
          return { part, ...choicesView(content, slot, state.q[slot], seed, attempt) };
        }),
      })),
      situations: ix.situations.map((_s, slot) => situationView(content, state, slot, key)),
    };
  }

  // --- Scoring (scoring.py), every operation in Python's order --------------------------------

  /** F1 of two sets of indices: 2 × common / (chosen + expected); 0 if nothing in common. */
  function f1(chosen, expected) {
    const wanted = new Set(expected);
    const common = [...new Set(chosen)].filter((i) => wanted.has(i)).length;
    return common ? (2 * common) / (new Set(chosen).size + wanted.size) : 0;
  }
  const correct = (choices) => choices.options.flatMap((o, i) => (o.correct ? [i] : []));

  function relationFractions(content, codes) {
    const ix = index(content);
    const drawn = new Map();
    for (const code of codes) {
      const [source, target, type, twoWay] = decodeRelation(content, code);
      drawn.set(String([Math.min(source, target), Math.max(source, target)]), [source, type, twoWay]);
    }
    const reference = content.map ? content.map.relations : [];
    const ends = (r) => [ix.nodeIndex.get(r.source), ix.nodeIndex.get(r.target)];
    const pairOf = ([a, b]) => String([Math.min(a, b), Math.max(a, b)]);
    const pairs = new Set(reference.map((r) => pairOf(ends(r))));
    const matched = [...drawn.keys()].filter((pair) => pairs.has(pair)).length;
    const precision = drawn.size ? matched / drawn.size : 1;
    const fractions = reference.map((relation) => {
      const [a, b] = ends(relation);
      const found = drawn.get(pairOf([a, b]));
      if (found === undefined) return 0;
      const [source, type, twoWay] = found;
      const sameType = type === ix.typeIndex.get(relation.type) ? 1 : 0;
      const sameDirection = relation.direction === 'two_way' ? Number(twoWay) : Number(!twoWay && source === a);
      return ((1 + sameType + sameDirection) / 3) * precision;
    });
    return [fractions, matched];
  }

  function situationFraction(content, slot, state) {
    const ix = index(content);
    const situation = ix.situations[slot];
    const [chosen, first] = state.s[slot];
    const expected = situation.mobilise.map((m) => ix.partnerIndex.get(m.partner));
    const urgent = new Set(situation.mobilise.filter((m) => m.urgent).map((m) => ix.partnerIndex.get(m.partner)));
    const rightFirst = urgent.size ? Number(urgent.has(first)) : Number(chosen.length > 0 && first === -1);
    const missed = urgent.size > 0 && !chosen.some((i) => urgent.has(i));
    return [(2 * f1(chosen, expected) + rightFirst) / 3, missed];
  }

  function items(content, state) {
    const ix = index(content);
    const found = [];
    const add = (kind, item, fraction, defaults) => {
      const capacities = item.capacities.length ? item.capacities : defaults;
      found.push({ kind, id: item.id, fraction, earned: item.points * fraction, possible: item.points, capacities });
    };
    let matched = 0;
    const missed = [];
    if (content.map) {
      content.partners.forEach((partner, i) => {
        const expected = partner.domains.map((d) => DOMAINS.indexOf(d));
        add('placement', partner, f1(bits(state.p[i]), expected), content.map.capacities);
      });
      const [fractions, count] = relationFractions(content, state.r);
      matched = count;
      content.map.relations.forEach((r, i) => add('relation', r, fractions[i], content.map.capacities));
    }
    for (const question of ix.questions) {
      const chosen = bits(state.q[ix.listIndex.get(listKey(question.id, ''))]);
      add('question', question, f1(chosen, correct(question.choices)), content.questions.capacities);
    }
    for (const strategy of ix.strategies) {
      let total = 0;
      const lists = strategyLists(strategy);
      for (const [part, choices] of lists) {
        total += f1(bits(state.q[ix.listIndex.get(listKey(strategy.id, part))]), correct(choices));
      }
      add('strategy', strategy, total / lists.length, content.strategies.capacities);
    }
    ix.situations.forEach((situation, slot) => {
      const [fraction, missedUrgency] = situationFraction(content, slot, state);
      add('situation', situation, fraction, content.situations.capacities);
      if (missedUrgency && situation.cap !== null && situation.cap !== undefined) missed.push(situation);
    });
    return [found, matched, missed];
  }

  // Python's sum() (3.11: left to right, from the integer 0).
  const sum = (values) => values.reduce((total, value) => total + value, 0);
  const outcome = (fraction) => (fraction === 1 ? 'right' : fraction === 0 ? 'missed' : 'partial');

  /** The score of a (checked) state's draft, as scoring.score_dict(scoring.score(...)) gives it. */
  function score(content, state) {
    const [found, matched, missed] = items(content, state);
    const earned = sum(found.map((item) => item.earned));
    const possible = sum(found.map((item) => item.possible));
    const uncapped = possible ? earned / possible : 0;
    const caps = missed.map((s) => s.cap);
    const raw = caps.length ? Math.min(uncapped, ...caps) : uncapped;
    const lowering = missed.filter((s) => s.cap < uncapped);
    const cap = lowering.length ? Math.min(...lowering.map((s) => s.cap)) : null;
    const codes = new Map();
    for (const item of found) {
      for (const code of new Set(item.capacities)) {
        if (!codes.has(code)) codes.set(code, []);
        codes.get(code).push(item);
      }
    }
    return {
      raw: round4(raw),
      uncapped: round4(uncapped),
      earned: round4(earned),
      possible,
      cap,
      cap_items: lowering.filter((s) => s.cap === cap).map((s) => s.id),
      missed: missed.map((s) => s.id),
      matched,
      drawn: state.r.length,
      capacities: [...codes.keys()].sort(compareCodes).map((code) => {
        const tagged = codes.get(code);
        return {
          code,
          earned: round4(sum(tagged.map((item) => item.earned))),
          possible: sum(tagged.map((item) => item.possible)),
          items: tagged.length,
        };
      }),
      items: found.map((item) => {
        const fraction = round4(item.fraction);
        const { kind, id, possible } = item;
        return { kind, id, fraction, earned: round4(item.earned), possible, outcome: outcome(fraction) };
      }),
    };
  }

  function figure(value) { // 4 rather than 4.0, at most two decimals
    return roundTo(value, 2);
  }
  const percent = (ratio) => roundInt(ratio * 100);
  const message = (template, params) => ({ template, params });

  /** One line per figure of a score (as `score` returns it), each {template, params} as
   * scoring.explanations writes its Messages: the whole, its cap, each capacity, each kind. */
  function explanations(content, result) {
    const titles = new Map(index(content).situations.map((s) => [s.id, s.title]));
    const kinds = [...new Set(result.items.map((item) => item.kind))];
    return {
      score: message(EXPLAIN.score, {
        earned: figure(result.earned), possible: result.possible, percent: percent(result.uncapped),
      }),
      cap: result.cap === null ? null : message(EXPLAIN.capped, {
        percent: percent(result.cap), items: result.cap_items.map((id) => titles.get(id)).join('; '),
      }),
      capacities: Object.fromEntries(result.capacities.map((c) => {
        const ratio = c.possible ? round4(c.earned / c.possible) : 0;
        return [c.code, message(EXPLAIN.capacity, {
          code: c.code, earned: figure(c.earned), possible: c.possible, count: c.items, percent: percent(ratio),
        })];
      })),
      kinds: Object.fromEntries(kinds.map((kind) => {
        return [kind, message(EXPLAIN[kind], { matched: result.matched, drawn: result.drawn })];
      })),
    };
  }

  // --- Attempts: the best one is kept ---------------------------------------------------------

  /** What a block keeps of a submitted attempt: its number, its answers and its score. */
  function finishedRecord(content, state) {
    const answers = copy({ ...state, u: [] });
    return {
      attempt: state.a,
      answers: { p: answers.p, r: answers.r, q: answers.q, s: answers.s, j: answers.j },
      score: score(content, state),
    };
  }
  /** The new attempt only if it scores strictly more: the grade never goes down. */
  const betterKept = (kept, finished) => (kept === null || finished.score.raw > kept.score.raw ? finished : kept);
  const keptAfter = (content, kept, state) => (state.f ? betterKept(kept, finishedRecord(content, state)) : kept);

  return {
    STATE_VERSION, DOMAINS, MAX_JUSTIFICATION, MAX_MOBILISED, UNDO_DEPTH, ActionRefused, ActionStale,
    newState, checkedState, position, checkPosition, isEmpty, canRestart, remainingAttempts, apply,
    shownOptions, learnerView, relationCode, decodeRelation, score, explanations, finishedRecord,
    betterKept, keptAfter, round4, roundTo, roundInt, compareCodes, pyStr,
  };
});
