/*
 * Workshop design engine in the page (SCORM export, Studio preview): a mirror of engine.py,
 * checks.py and scoring.py that reads the content as `model.to_dict(workshop)` writes it. The
 * vectors in tests/vectors/workshop_design/, replayed by pytest and `node --test`, hold the two
 * equal. Content is immutable here: its lookups are cached per content object. Content ids are
 * looked up with own properties only (an id "constructor" or "__proto__" is an id like any).
 * It needs xblocks/common/public/shuffle.js loaded first (required under node).
 *
 * Translatable lines. Python's checks and scoring give Messages, translated at the edge; here a
 * line is plain JSON a page can translate the same way:
 *   a line:   {template, params}  where each param is
 *   a value:  a string (as Python formats it into the template),
 *             a nested line {template, params} (translated with the same gettext), or
 *             {joined: [values], separator} (xblocks.common.i18n.Joined).
 * `format(line, gettext)` renders one as `Message.message(gettext)` does: identity gives the
 * English Python gives with gettext=str. Refusals carry the same {template, params} (and
 * `status`: 400, or 409 with `stale` for an action made at an older position).
 *
 * Known differences, none reachable from a page that sends what it was given:
 * - JSON cannot tell 30 from 30.0 once parsed: Python refuses minutes, attempts or levels
 *   written 30.0, this engine sees 30 and takes them.
 * - Objects iterate their integer-like keys ("7") first: where a plan holds several faults,
 *   an answer keyed "7" may be the one named rather than the one Python meets first.
 * - Letters and case are those of the runtime's Unicode version (Python 3.11: Unicode 14).
 */
(function (root, factory) {
  const node = typeof module !== 'undefined' && module.exports;
  const engine = factory(node ? require('../../common/public/shuffle.js') : root.InsertionProShuffle);
  if (node) module.exports = engine;
  else root.WorkshopDesignEngine = engine;
})(typeof globalThis !== 'undefined' ? globalThis : this, function (Shuffle) {
  'use strict';

  // --- The model's constants (model.py) -------------------------------------------------------

  const STATE_VERSION = 1;
  const words = (text) => text.split(/\s+/).filter(Boolean);
  const METHOD_MINUTES = new Map([
    ['expose', [10, 45]],
    ['brainstorming', [10, 45]],
    ['tour_de_table', [10, 45]],
    ['photolangage', [20, 60]],
    ['jeu_de_role', [20, 90]],
    ['simulation_entretien', [30, 120]],
    ['sous_groupes', [20, 90]],
    ['etude_de_cas', [20, 90]],
    ['demonstration', [10, 45]],
    ['atelier_poste', [30, 180]],
    ['quiz', [5, 30]],
    ['temoignage', [20, 90]],
    ['visite_entreprise', [60, 240]],
    ['travail_individuel', [15, 120]],
  ]);
  const METHODS = [...METHOD_MINUTES.keys()];
  const PASSIVE = new Set(['expose', 'demonstration', 'temoignage']);
  const ACTIVE_METHODS = new Set(METHODS.filter((m) => !PASSIVE.has(m)));
  const EVALUATION_KINDS = ['diagnostic', 'formative', 'final', 'satisfaction'];
  const CHECKS = ['duration', 'alignment', 'verbs', 'variety', 'plausible', 'constraints', 'required'];
  const CHECK_CAPACITIES = new Map([
    ['duration', ['B4.3']],
    ['alignment', ['B4.1', 'B4.3']],
    ['verbs', ['B4.1']],
    ['variety', ['B4.5', 'B4.6']],
    ['plausible', ['B4.3']],
    ['constraints', ['B4.5']],
    ['required', ['B4.4']],
  ]);
  const OBSERVABLE_VERBS = words(
    'identifier citer nommer lister énumérer décrire rédiger compléter présenter expliquer '
    + 'reformuler comparer sélectionner choisir classer hiérarchiser utiliser appliquer simuler '
    + 'réaliser construire élaborer planifier préparer argumenter repérer calculer remplir '
    + 'envoyer contacter téléphoner répondre formuler distinguer justifier produire adapter '
    + 'organiser démontrer mener conduire valoriser actualiser créer déposer postuler rechercher '
    + 'consulter trier relier associer localiser indiquer énoncer illustrer résumer mettre '
    + 'effectuer écrire lire chiffrer estimer évaluer négocier',
  );
  const VAGUE_VERBS = new Set(words(
    'comprendre connaître savoir apprendre maîtriser découvrir sensibiliser appréhender '
    + 'percevoir intégrer assimiler réfléchir s’approprier approfondir être avoir',
  ));
  const MAX_OBJECTIVES = 10;
  const MAX_SEQUENCES = 40;
  const MAX_EVALUATIONS = 12;
  const MAX_SEQUENCE_MINUTES = 480;
  const SHORT = 200; // code points
  const MEDIUM = 600;
  const LONG = 2000;
  const MAX_COMMENT = 2000;
  const MAX_STEPS = 99999;
  const MAX_ATTEMPT_NUMBER = 999999;
  const MIN_ADDRESSED = 15; // code points, whitespace stripped
  const MIN_WORDS = 2; // distinct words of its own a text needs to count (model.MIN_WORDS)
  const DEFAULT_VARIETY = 3;
  const LIMITS = {
    objectives: MAX_OBJECTIVES,
    sequences: MAX_SEQUENCES,
    evaluations: MAX_EVALUATIONS,
    minutes: MAX_SEQUENCE_MINUTES,
    short: SHORT,
    medium: MEDIUM,
    long: LONG,
  };
  const PLAN_PARTS = ['goal', 'objectives', 'sequences', 'evaluations', 'logistics', 'report',
    'constraints', 'deliverables', 'indicators'];
  const TEXTS = [['goal', MEDIUM], ['logistics', LONG], ['report', LONG]];
  const ANSWERS = ['constraints', 'deliverables', 'indicators'];
  const IDS = { objectives: /^o[0-9]{1,3}$/, sequences: /^s[0-9]{1,3}$/, evaluations: /^e[0-9]{1,3}$/ };
  const OBJECTIVE_KEYS = ['id', 'text'];
  const SEQUENCE_KEYS = ['id', 'title', 'objectives', 'method', 'minutes', 'materials', 'notes', 'access'];
  const EVALUATION_KEYS = ['id', 'kind', 'objectives', 'text'];
  // C0 controls but tab and line feed, C1 controls, lone surrogates ("u": a pair is one code
  // point, as Python reads the JSON): never text.
  // eslint-disable-next-line no-control-regex
  const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]/u;

  // --- Templates, word for word those of engine.py, checks.py and scoring.py ------------------

  const T = {
    unknownAction: 'Unknown action: {action}.',
    stale: 'This page is out of date (another tab or a double click changed the plan): it has been '
      + 'reloaded.',
    submitted: 'This plan is submitted: start a new attempt to change it.',
    notSubmitted: 'Submit the plan before starting a new attempt.',
    noAttempt: 'No attempt remains.',
    empty: 'Write the plan before submitting it: an objective or a sequence at least.',
    plan: "The plan must be an object with the plan's parts.",
    part: 'The plan has no part named {part}.',
    text: '{field} must be text.',
    tooLong: '{field} is too long: {limit} characters at most.',
    control: '{field} holds a control character.',
    list: '{field} must be a list of at most {limit}.',
    item: '{field} must have exactly: {keys}.',
    id: '{field} has no valid id: "{id}" is not one or is used twice.',
    objectiveRef: '{field} refers to an objective the plan does not have: {id}.',
    method: 'Sequence {number}: unknown method {method}.',
    kind: 'Evaluation {number}: unknown kind {kind}.',
    minutes: 'Sequence {number}: the duration must be a whole number of minutes from 0 to {limit}.',
    answerKey: '{field}: the brief has no {id}.',
    grading: 'The grading must give a level of each criterion of the rubric.',
    level: 'Criterion {criterion}: {points} is not one of its levels.',
    comment: 'Comment on {criterion} is too long: {limit} characters at most.',
    commentText: 'Each comment must be text.',
  };
  const FIELDS = {
    goal: 'The general objective',
    logistics: 'The logistics',
    report: "The report's outline",
    objectives: 'The objectives',
    sequences: 'The sequences',
    evaluations: 'The evaluations',
    constraints: "The answers to the public's constraints",
    deliverables: 'The answers to the deliverables',
    indicators: 'The answers to the indicators',
  };
  const ITEMS = {
    objectives: 'Objective {number}',
    sequences: 'Sequence {number}',
    evaluations: 'Evaluation {number}',
  };
  const C = {
    durationRight: 'The sequences last {total}: the brief asks {asked}, give or take {tolerance}.',
    durationShort: 'The sequences last {total}, {gap} short of the {asked} the brief asks (give '
      + 'or take {tolerance}).',
    durationOver: 'The sequences last {total}, {gap} over the {asked} the brief asks (give or '
      + 'take {tolerance}).',
    noObjectives: 'Write the operational objectives first: each one needs a sequence and an '
      + 'evaluation.',
    noSequence: 'no sequence serves it',
    noEvaluation: 'no evaluation assesses it',
    misaligned: 'Objective {number} ({objective}): {missing}.',
    aligned: '{aligned} of {count} objectives have a sequence and an evaluation.',
    noObjective: 'No operational objective yet.',
    vague: 'Objective {number} starts with “{verb}”, which cannot be observed: say what the '
      + 'participants will do (identify, write, present…).',
    notObservable: 'Objective {number} does not start with an observable action verb (identify, '
      + 'write, present…).',
    observable: '{good} of {count} objectives start with an observable action verb.',
    variety: "{count} different methods; the brief's public needs at least {wanted}.",
    passive: 'No method where the participants act (role play, mock interview, small groups…).',
    noSequences: 'No sequence yet.',
    noMethod: 'Sequence {number} ({title}) has no method.',
    implausible: 'Sequence {number} ({title}): {minutes} is {how} for this method ({low} to {high}).',
    tooShort: 'too short',
    tooLong: 'too long',
    plausible: '{good} of {count} sequences last what their method can take.',
    noConstraint: 'The brief names no particular constraint of the public.',
    addressed: '{done} of {count} constraints of the public are addressed.',
    unaddressed: 'Say how the plan takes this into account: {constraint}',
    goal: 'a general objective',
    final: 'a final evaluation',
    satisfaction: 'a satisfaction survey',
    report: 'the outline of the report to the commissioning body',
    deliverable: 'the deliverable “{item}”',
    indicator: 'the indicator “{item}”',
    required: '{done} of {count} required elements are there.',
    missing: 'Missing: {items}.',
    noSubstance: 'An answer counts when it says in words of its own how the plan meets the point: a copy '
      + 'of the brief or of another answer, or a filler, does not.',
    repeats: 'Objective {number} repeats objective {other}.',
    tooBrief: 'Objective {number} is too short to be observed: say what the participants will '
      + 'do, and on what.',
  };
  const EXPLAIN = {
    awaiting: 'Awaiting grading: the automatic checks give {checks}%; they count for {share}% of '
      + "the grade, the trainer's rubric for the rest.",
    checks: 'Grade {grade}%: the automatic checks, weighted as the activity sets them.',
    rubric: "Grade {grade}%: the trainer's rubric, {rubric}% of its points.",
    both: "Grade {grade}% = {share}% × automatic checks {checks}% + {rest}% × trainer's rubric "
      + '{rubric}%.',
    capacity: '{code}: {percent}% of the {possible}% of the grade that gives evidence of it.',
  };
  const TEMPLATES = [...Object.values(T), ...Object.values(FIELDS), ...Object.values(ITEMS),
    ...Object.values(C), ...Object.values(EXPLAIN)];

  // --- Python's values and text ---------------------------------------------------------------

  const isRecord = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
  const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
  const isInt = (value, low, high) => Number.isInteger(value) && value >= low && value <= high;
  /** object[key] = value, even for a key "__proto__". */
  function put(object, key, value) {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    return object;
  }

  // Python's repr of a float: the shortest digits, in exponent form below 1e-4 or from 1e16.
  function pyFloat(x) {
    if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
    if (Number.isInteger(x) && Math.abs(x) < 1e16) return String(x); // an int: JSON cannot tell
    const [mantissa, exponent] = x.toExponential().split('e');
    const e = Number(exponent);
    if (e >= -4 && e < 16) return String(x);
    return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  // Python's str() of a JSON value: exact for strings, None, booleans, integers and floats;
  // lists and objects as Python's repr writes them for plain contents.
  function pyStr(value) {
    if (typeof value === 'string') return value;
    return pyRepr(value);
  }
  function pyRepr(value) {
    if (value === null || value === undefined) return 'None';
    if (typeof value === 'boolean') return value ? 'True' : 'False';
    if (typeof value === 'number') return pyFloat(value);
    if (typeof value === 'string') {
      const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
      const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
        .replace(/\t/g, '\\t');
      return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
    }
    if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
    return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
  /** Python's == between JSON values: True == 1 == 1.0, dicts whatever their order. */
  function pyEquals(a, b) {
    const numeric = (v) => typeof v === 'number' || typeof v === 'boolean';
    if (numeric(a) && numeric(b)) return Number(a) === Number(b);
    if (a === undefined) a = null;
    if (b === undefined) b = null;
    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
    if (Array.isArray(a) || Array.isArray(b)) {
      return Array.isArray(a) && Array.isArray(b) && a.length === b.length
        && a.every((v, i) => pyEquals(v, b[i]));
    }
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => own(b, k) && pyEquals(a[k], b[k]));
  }

  // Python's whitespace (str.isspace, re's \s): not JS's, which adds U+FEFF and leaves out
  // U+001C to U+001F and U+0085.
  const SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
  const STRIP = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, 'gu');
  const strip = (text) => text.replace(STRIP, '');
  /** len(text): code points, not UTF-16 units. */
  function length(text) {
    let count = 0;
    for (let i = 0; i < text.length; i += 1) {
      const unit = text.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i += 1;
      }
      count += 1;
    }
    return count;
  }
  /** text[:size], in code points. */
  const cut = (text, size) => (text.length <= size ? text : Array.from(text).slice(0, size).join(''));
  const longerThan = (text, limit) => text.length > limit && length(text) > limit;

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
  // Python's sum() (3.11: left to right, from the integer 0).
  const sum = (values) => values.reduce((total, value) => total + value, 0);

  // capacity_sort_key: "B4.2" before "B4.10", then the code itself on a tie.
  const codeKey = (code) => code.slice(1).split('.').filter((p) => /^[0-9]+$/.test(p)).map(Number);
  function compareCodes(a, b) {
    const [ka, kb] = [codeKey(a), codeKey(b)];
    for (let i = 0; i < Math.min(ka.length, kb.length); i += 1) {
      if (ka[i] !== kb[i]) return ka[i] - kb[i];
    }
    return ka.length - kb.length || (a < b ? -1 : a > b ? 1 : 0);
  }

  // --- Lines (Message, Joined) ----------------------------------------------------------------

  const shownValue = (value) => (typeof value === 'object' && value !== null ? value : pyStr(value));
  /** A Message: its params as Python formats them (numbers as text, nested lines kept). */
  function line(template, params = {}) {
    const values = {};
    for (const [key, value] of Object.entries(params)) put(values, key, shownValue(value));
    return { template, params: values };
  }
  const joined = (parts, separator = ', ') => ({ joined: parts.map(shownValue), separator });
  const identity = (text) => text;

  /** A line rendered with `gettext` (identity: the English text), as Message.message does. */
  function format(value, gettext = identity) {
    if (typeof value === 'string') return value;
    if (value === null || typeof value !== 'object') return pyStr(value);
    if (Array.isArray(value.joined)) return value.joined.map((part) => format(part, gettext)).join(value.separator);
    const params = value.params || {};
    return gettext(value.template).replace(/\{\{|\}\}|\{(\w+)\}/g, (whole, key) => {
      if (whole === '{{') return '{';
      if (whole === '}}') return '}';
      return own(params, key) ? format(params[key], gettext) : whole;
    });
  }

  /** A learner action the engine refuses (400); `template` and `params` are Python's. */
  class ActionRefused extends Error {
    constructor(template, params = {}) {
      const found = line(template, params);
      super(format(found));
      this.name = 'ActionRefused';
      this.template = template;
      this.params = found.params;
      this.status = 400;
    }
  }
  /** An action made on a view the state has moved past (409 in Open edX). */
  class ActionStale extends ActionRefused {
    constructor(template) {
      super(template);
      this.name = 'ActionStale';
      this.stale = true;
      this.status = 409;
    }
  }

  // --- Content lookups (the cached properties of model.Workshop) ------------------------------

  const indexes = new WeakMap();
  function index(content) {
    if (indexes.has(content)) return indexes.get(content);
    const brief = content.brief;
    const ix = {
      checks: new Map(content.checks.map((c) => [c.id, c])),
      criteria: new Map(content.criteria.map((c) => [c.id, c])),
      maxPoints: new Map(content.criteria.map((c) => [c.id, Math.max(...c.levels.map((lv) => lv.points))])),
      observable: new Set([...OBSERVABLE_VERBS, ...(content.verbs || [])]),
      answerIds: {
        constraints: new Set(brief.public.constraints.map((c) => c.id)),
        deliverables: new Set(brief.deliverables.map((d) => d.id)),
        indicators: new Set(brief.indicators.map((i) => i.id)),
      },
    };
    ix.rubricPoints = sum(content.criteria.map((c) => ix.maxPoints.get(c.id)));
    indexes.set(content, ix);
    return ix;
  }

  // --- Learner state --------------------------------------------------------------------------

  const emptyPlan = () => ({
    goal: '',
    objectives: [],
    sequences: [],
    evaluations: [],
    logistics: '',
    report: '',
    constraints: {},
    deliverables: {},
    indicators: {},
  });
  const planMinutes = (plan) => sum(plan.sequences.map((s) => s.minutes));
  const newState = () => ({ v: STATE_VERSION, a: 1, n: 0, f: 0, p: emptyPlan() });
  const position = (state) => ({ attempt: state.a, step: state.n });
  /** Attempts left after the current one (null: no limit). */
  const remainingAttempts = (state, maxAttempts) => (!maxAttempts ? null : Math.max(0, maxAttempts - state.a));
  function canRestart(state, maxAttempts) {
    const left = remainingAttempts(state, maxAttempts);
    return Boolean(state.f) && (left === null || left > 0) && state.a < MAX_ATTEMPT_NUMBER;
  }
  const isEmpty = (plan) => !plan.objectives.length && !plan.sequences.length;

  // --- The plan, checked ----------------------------------------------------------------------

  const field = (part) => line(FIELDS[part]);
  const item = (part, number) => line(ITEMS[part], { number });
  const shown = (value, size) => cut(pyStr(value), size);

  function text(value, name, limit) {
    if (typeof value !== 'string') throw new ActionRefused(T.text, { field: name });
    if (CONTROL.test(value)) throw new ActionRefused(T.control, { field: name });
    if (longerThan(value, limit)) throw new ActionRefused(T.tooLong, { field: name, limit });
    return value;
  }

  function items(value, part, keys, limit) {
    if (!Array.isArray(value) || value.length > limit) throw new ActionRefused(T.list, { field: field(part), limit });
    const seen = new Set();
    value.forEach((entry, i) => {
      const number = i + 1;
      const names = isRecord(entry) ? Object.keys(entry) : null;
      if (names === null || names.length !== keys.length || !names.every((k) => keys.includes(k))) {
        throw new ActionRefused(T.item, { field: item(part, number), keys: [...keys].sort().join(', ') });
      }
      const id = entry.id;
      if (typeof id !== 'string' || !IDS[part].test(id) || seen.has(id)) {
        throw new ActionRefused(T.id, { field: item(part, number), id: shown(id, 20) });
      }
      seen.add(id);
    });
    return value;
  }

  function references(value, part, number, objectives) {
    if (!Array.isArray(value) || value.length > MAX_OBJECTIVES) {
      throw new ActionRefused(T.list, { field: item(part, number), limit: MAX_OBJECTIVES });
    }
    for (const ref of value) {
      if (typeof ref !== 'string' || !objectives.has(ref) || value.filter((v) => v === ref).length > 1) {
        throw new ActionRefused(T.objectiveRef, { field: item(part, number), id: shown(ref, 20) });
      }
    }
    return [...value];
  }

  function answers(value, part, ids) {
    if (!isRecord(value)) throw new ActionRefused(T.text, { field: field(part) });
    const found = {};
    for (const key of Object.keys(value)) {
      if (!ids.has(key)) throw new ActionRefused(T.answerKey, { field: field(part), id: cut(key, 20) });
      const answer = text(value[key], field(part), MEDIUM);
      if (strip(answer)) put(found, key, answer);
    }
    return found;
  }

  /** The plan a learner sent, checked part by part (engine.clean_plan): ActionRefused names the
   * part at fault; parts left out are empty, empty answers dropped. */
  function cleanPlan(content, plan) {
    if (!isRecord(plan)) throw new ActionRefused(T.plan);
    for (const part of Object.keys(plan)) {
      if (!PLAN_PARTS.includes(part)) throw new ActionRefused(T.part, { part: cut(part, 40) });
    }
    const full = { ...emptyPlan(), ...plan };
    const clean = {};
    for (const [name, limit] of TEXTS) clean[name] = text(full[name], field(name), limit);
    const objectives = items(full.objectives, 'objectives', OBJECTIVE_KEYS, MAX_OBJECTIVES);
    clean.objectives = objectives.map((o, i) => ({ id: o.id, text: text(o.text, item('objectives', i + 1), SHORT) }));
    const ids = new Set(objectives.map((o) => o.id));
    clean.sequences = items(full.sequences, 'sequences', SEQUENCE_KEYS, MAX_SEQUENCES).map((s, i) => {
      const number = i + 1;
      const name = item('sequences', number);
      if (s.method !== '' && !(typeof s.method === 'string' && METHOD_MINUTES.has(s.method))) {
        throw new ActionRefused(T.method, { number, method: shown(s.method, 40) });
      }
      if (!isInt(s.minutes, 0, MAX_SEQUENCE_MINUTES)) {
        throw new ActionRefused(T.minutes, { number, limit: MAX_SEQUENCE_MINUTES });
      }
      return {
        id: s.id,
        title: text(s.title, name, SHORT),
        objectives: references(s.objectives, 'sequences', number, ids),
        method: s.method,
        minutes: s.minutes,
        materials: text(s.materials, name, MEDIUM),
        notes: text(s.notes, name, MEDIUM),
        access: text(s.access, name, MEDIUM),
      };
    });
    clean.evaluations = items(full.evaluations, 'evaluations', EVALUATION_KEYS, MAX_EVALUATIONS).map((e, i) => {
      const number = i + 1;
      if (e.kind !== '' && !(typeof e.kind === 'string' && EVALUATION_KINDS.includes(e.kind))) {
        throw new ActionRefused(T.kind, { number, kind: shown(e.kind, 40) });
      }
      return {
        id: e.id,
        kind: e.kind,
        objectives: references(e.objectives, 'evaluations', number, ids),
        text: text(e.text, item('evaluations', number), MEDIUM),
      };
    });
    const answerIds = index(content).answerIds;
    for (const part of ANSWERS) clean[part] = answers(full[part], part, answerIds[part]);
    return Object.fromEntries(PLAN_PARTS.map((name) => [name, clean[name]]));
  }

  /** A stored state as the engine can use it; a fresh one if it is not (engine.checked_state):
   * a damaged record, or a plan that no longer fits the content, its answers to items the brief
   * dropped left out first. */
  function checkedState(content, state) {
    if (!isRecord(state) || state.v !== STATE_VERSION) return newState();
    if (!own(state, 'p') || !isRecord(state.p)) return newState();
    if (!own(state, 'a') || !own(state, 'n') || !own(state, 'f')) return newState();
    const { a, n, f } = state;
    if (!(isInt(a, 1, MAX_ATTEMPT_NUMBER) && isInt(n, 0, MAX_STEPS) && (f === 0 || f === 1))) {
      return newState();
    }
    const plan = Object.assign({}, state.p);
    const answerIds = index(content).answerIds;
    for (const part of ANSWERS) {
      if (own(plan, part) && isRecord(plan[part])) {
        const kept = {};
        for (const [key, value] of Object.entries(plan[part])) if (answerIds[part].has(key)) put(kept, key, value);
        plan[part] = kept;
      }
    }
    try {
      return { v: STATE_VERSION, a, n, f, p: cleanPlan(content, plan) };
    } catch (error) {
      if (error instanceof ActionRefused) return newState();
      throw error;
    }
  }

  // --- Actions --------------------------------------------------------------------------------

  /** The state after one learner action ({type, at, …}), as engine.apply gives it; throws
   * ActionRefused (400) or ActionStale (409). The given state is never changed. */
  function applyAction(content, state, action, { maxAttempts = 0 } = {}) {
    const found = isRecord(action) ? action : {};
    const kind = own(found, 'type') ? found.type : null;
    if (!['save', 'submit', 'restart'].includes(kind)) throw new ActionRefused(T.unknownAction, { action: shown(kind, 40) });
    if (!pyEquals(own(found, 'at') ? found.at : null, position(state))) throw new ActionStale(T.stale);
    if (kind === 'restart') {
      if (!state.f) throw new ActionRefused(T.notSubmitted);
      if (!canRestart(state, maxAttempts)) throw new ActionRefused(T.noAttempt);
      // A new attempt starts from the plan submitted: a learner improves it, not rewrites it.
      return { v: STATE_VERSION, a: state.a + 1, n: 0, f: 0, p: state.p };
    }
    if (state.f) throw new ActionRefused(T.submitted);
    if (kind === 'submit') {
      if (isEmpty(state.p)) throw new ActionRefused(T.empty);
      return { ...state, n: Math.min(state.n + 1, MAX_STEPS), f: 1 };
    }
    const plan = cleanPlan(content, own(found, 'plan') ? found.plan : null);
    if (pyEquals(plan, state.p)) return state;
    return { ...state, n: Math.min(state.n + 1, MAX_STEPS), p: plan };
  }

  // --- The automatic checks (checks.py) -------------------------------------------------------

  /** A duration as French trainers write it: 3 h, 1 h 30, 45 min. */
  function hours(minutes) {
    const whole = Math.floor(Math.abs(minutes) / 60);
    const rest = Math.abs(minutes) % 60;
    if (!whole) return `${rest} min`;
    return !rest ? `${whole} h` : `${whole} h ${String(rest).padStart(2, '0')}`;
  }

  const CAPABLE = new RegExp(`^(?:être|etre)[${SPACE}]+capables?[${SPACE}]+(?:de|d[’'])[${SPACE}]*`, 'iu');
  // re's [^\W\d_]: letters and the numbers that are not decimal digits.
  const WORD = /^[\p{L}\p{Nl}\p{No}]+(?:[’'-][\p{L}\p{Nl}\p{No}]+)*/u;
  /** The verb an objective starts with, lower case, "être capable de" set aside; an elided
   * "s’" kept (s’inscrire), apostrophes made typographic. */
  function firstVerb(objective) {
    const found = WORD.exec(strip(objective).normalize('NFC').replace(CAPABLE, ''));
    return found ? found[0].toLowerCase().replace(/'/g, '’') : '';
  }

  const WORDS = new RegExp(WORD.source.slice(1), 'gu');
  const THRICE = /(.)\1\1/u;
  /** The words of a text, lower case, apostrophes made typographic (checks.words). */
  const textWords = (text) => (text.normalize('NFC').match(WORDS) || []).map((w) => w.toLowerCase().replace(/'/g, '’'));
  /** Its distinct words not in `against`, none with a letter thrice in a row (checks.own_words). */
  function ownWords(text, against = '') {
    const theirs = new Set(textWords(against));
    return new Set(textWords(text).filter((w) => !theirs.has(w) && !THRICE.test(w)));
  }
  const wordsKey = (text) => textWords(text).join(' ');
  const answerText = (plan, part, item) => (part === 'report' ? plan.report : own(plan[part], item) ? plan[part][item] : '');

  /** Whether each answer the brief asks for counts (checks.answered), keyed "part|item". */
  function answered(content, plan) {
    const brief = content.brief;
    const asked = brief.public.constraints.map((c) => ['constraints', c.id, c.text]);
    asked.push(['report', '', '']);
    for (const d of brief.deliverables) asked.push(['deliverables', d.id, d.text]);
    for (const i of brief.indicators) asked.push(['indicators', i.id, i.text]);
    const seen = new Set();
    const found = new Map();
    for (const [part, item, question] of asked) {
      const text = answerText(plan, part, item);
      const key = wordsKey(text);
      found.set(`${part}|${item}`, length(strip(text)) >= MIN_ADDRESSED
        && ownWords(text, question).size >= MIN_WORDS && !seen.has(key));
      if (key) seen.add(key);
    }
    return found;
  }
  const tried = (plan, part, item) => strip(answerText(plan, part, item)) !== '';

  const result = (id, fraction, lines) => ({ id, fraction, lines });

  function duration(content, plan) {
    const brief = content.brief;
    const total = planMinutes(plan);
    const gap = total - brief.minutes;
    const fraction = Math.abs(gap) <= brief.tolerance ? 1 : Math.abs(gap) <= 2 * brief.tolerance ? 0.5 : 0;
    const values = { total: hours(total), asked: hours(brief.minutes), tolerance: hours(brief.tolerance), gap: hours(gap) };
    const template = fraction === 1 ? C.durationRight : gap < 0 ? C.durationShort : C.durationOver;
    return result('duration', fraction, [line(template, values)]);
  }

  function alignment(content, plan) {
    const objectives = plan.objectives;
    if (!objectives.length) return result('alignment', 0, [line(C.noObjectives)]);
    const served = new Set(plan.sequences.flatMap((s) => s.objectives));
    const assessed = new Set(plan.evaluations.flatMap((e) => e.objectives));
    const lines = [];
    let aligned = 0;
    objectives.forEach((objective, i) => {
      const missing = [[C.noSequence, served], [C.noEvaluation, assessed]]
        .filter(([, found]) => !found.has(objective.id)).map(([template]) => line(template));
      if (!missing.length) {
        aligned += 1;
        return;
      }
      lines.push(line(C.misaligned, { number: i + 1, objective: cut(objective.text, 60), missing: joined(missing) }));
    });
    const head = line(C.aligned, { aligned, count: objectives.length });
    return result('alignment', aligned / objectives.length, [head, ...lines]);
  }

  function verbs(content, plan) {
    const objectives = plan.objectives;
    if (!objectives.length) return result('verbs', 0, [line(C.noObjective)]);
    const observable = index(content).observable;
    const lines = [];
    const seen = new Map();
    let good = 0;
    objectives.forEach((objective, i) => {
      const verb = firstVerb(objective.text);
      const key = wordsKey(objective.text);
      if (key && !seen.has(key)) seen.set(key, i + 1);
      const first = key ? seen.get(key) : i + 1;
      if (first !== i + 1) lines.push(line(C.repeats, { number: i + 1, other: first }));
      else if (observable.has(verb) && ownWords(objective.text).size < MIN_WORDS) lines.push(line(C.tooBrief, { number: i + 1 }));
      else if (observable.has(verb)) good += 1;
      else if (VAGUE_VERBS.has(verb)) lines.push(line(C.vague, { number: i + 1, verb }));
      else lines.push(line(C.notObservable, { number: i + 1 }));
    });
    const head = line(C.observable, { good, count: objectives.length });
    return result('verbs', good / objectives.length, [head, ...lines]);
  }

  function variety(content, plan) {
    const wanted = index(content).checks.get('variety').minimum || DEFAULT_VARIETY;
    const methods = new Set(plan.sequences.map((s) => s.method).filter(Boolean));
    const active = [...methods].some((m) => ACTIVE_METHODS.has(m));
    let fraction = methods.size ? Math.min(1, methods.size / wanted) : 0;
    const lines = [line(C.variety, { count: methods.size, wanted })];
    if (methods.size && !active) {
      fraction = Math.min(fraction, 0.5);
      lines.push(line(C.passive));
    }
    return result('variety', fraction, lines);
  }

  function plausible(content, plan) {
    const sequences = plan.sequences;
    if (!sequences.length) return result('plausible', 0, [line(C.noSequences)]);
    const lines = [];
    let good = 0;
    sequences.forEach((sequence, i) => {
      const { method, minutes } = sequence;
      const title = cut(sequence.title, 60);
      if (!method) {
        lines.push(line(C.noMethod, { number: i + 1, title }));
        return;
      }
      const [low, high] = METHOD_MINUTES.get(method);
      if (low <= minutes && minutes <= high) {
        good += 1;
        return;
      }
      lines.push(line(C.implausible, {
        number: i + 1,
        title,
        minutes: hours(minutes),
        how: line(minutes < low ? C.tooShort : C.tooLong),
        low: hours(low),
        high: hours(high),
        method,
      }));
    });
    const head = line(C.plausible, { good, count: sequences.length });
    return result('plausible', good / sequences.length, [head, ...lines]);
  }


  function constraints(content, plan) {
    const all = content.brief.public.constraints;
    if (!all.length) return result('constraints', 1, [line(C.noConstraint)]);
    const counted = answered(content, plan);
    const missing = all.filter((c) => !counted.get(`constraints|${c.id}`));
    const lines = [line(C.addressed, { done: all.length - missing.length, count: all.length })];
    for (const c of missing) lines.push(line(C.unaddressed, { constraint: cut(c.text, 80) }));
    if (missing.some((c) => tried(plan, 'constraints', c.id))) lines.push(line(C.noSubstance));
    return result('constraints', 1 - missing.length / all.length, lines);
  }

  /** What any plan owes the brief, each [line, whether the plan has it]. */
  function requiredElements(content, plan) {
    const kinds = new Set(plan.evaluations.map((e) => e.kind));
    const counted = answered(content, plan);
    const found = [
      [line(C.goal), ownWords(plan.goal).size >= MIN_WORDS],
      [line(C.final), kinds.has('final')],
      [line(C.satisfaction), kinds.has('satisfaction')],
      [line(C.report), counted.get('report|')],
    ];
    for (const d of content.brief.deliverables) {
      found.push([line(C.deliverable, { item: cut(d.text, 60) }), counted.get(`deliverables|${d.id}`)]);
    }
    for (const i of content.brief.indicators) {
      found.push([line(C.indicator, { item: cut(i.text, 60) }), counted.get(`indicators|${i.id}`)]);
    }
    return found;
  }

  function required(content, plan) {
    const found = requiredElements(content, plan);
    const missing = found.filter(([, present]) => !present).map(([what]) => what);
    const lines = [line(C.required, { done: found.length - missing.length, count: found.length })];
    if (missing.length) {
      lines.push(line(C.missing, { items: joined(missing) }));
      const counted = answered(content, plan);
      const asked = [['report', '']].concat(content.brief.deliverables.map((d) => ['deliverables', d.id]),
        content.brief.indicators.map((i) => ['indicators', i.id]));
      if (asked.some(([part, item]) => !counted.get(`${part}|${item}`) && tried(plan, part, item))) lines.push(line(C.noSubstance));
    }
    return result('required', 1 - missing.length / found.length, lines);
  }

  const RUN = new Map([
    ['duration', duration], ['alignment', alignment], ['verbs', verbs], ['variety', variety],
    ['plausible', plausible], ['constraints', constraints], ['required', required],
  ]);

  /** Every check the activity sets, in its order (checks.run): [{id, fraction, lines}]. */
  const runChecks = (content, plan) => content.checks.map((spec) => RUN.get(spec.id)(content, plan));
  const outcome = (fraction) => (fraction === 1 ? 'right' : fraction === 0 ? 'missed' : 'partial');

  /** For each objective, the sequences that serve it and the evaluations that assess it. */
  const alignmentMatrix = (plan) => plan.objectives.map((o) => ({
    objective: o.id,
    sequences: plan.sequences.filter((s) => s.objectives.includes(o.id)).map((s) => s.id),
    evaluations: plan.evaluations.filter((e) => e.objectives.includes(o.id)).map((e) => e.id),
  }));

  // --- What the learner sees ------------------------------------------------------------------

  function briefView(content) {
    const brief = content.brief;
    const { public: audience } = brief;
    const items_ = (list) => list.map(({ id, text: body }) => ({ id, text: body }));
    return {
      title: brief.title,
      commissioner: { kind: brief.commissioner.kind, name: brief.commissioner.name },
      public: {
        size_min: audience.size_min,
        size_max: audience.size_max,
        profile: audience.profile,
        constraints: audience.constraints.map(({ id, kind, text: body }) => ({ id, kind, text: body })),
      },
      need: brief.need,
      outcomes: items_(brief.outcomes),
      minutes: brief.minutes,
      tolerance: brief.tolerance,
      sessions: brief.sessions,
      mode: brief.mode,
      format: brief.format,
      budget: brief.budget,
      logistics: brief.logistics,
      deliverables: items_(brief.deliverables),
      indicators: items_(brief.indicators),
    };
  }

  /** The rubric as learners read it: criteria and levels, never the graders' notes. */
  const rubricView = (content) => content.criteria.map((c) => ({
    id: c.id,
    label: c.label,
    prompt: c.prompt,
    levels: c.levels.map((lv) => ({ points: lv.points, label: lv.label, text: lv.text })),
  }));

  /** Everything the learner may see now (engine.learner_view): the brief, the rubric without
   * its notes, the plan, the automatic checks on it (lines rendered with `gettext`), and the
   * methods in this learner's order. */
  function learnerView(content, state, { seed = '', maxAttempts = 0, gettext = identity } = {}) {
    const plan = state.p;
    const weights = new Map(content.checks.map((spec) => [spec.id, spec.weight]));
    return {
      v: STATE_VERSION,
      at: position(state),
      attempt: state.a,
      max_attempts: maxAttempts,
      remaining: remainingAttempts(state, maxAttempts),
      submitted: Boolean(state.f),
      can_submit: !state.f && !isEmpty(plan),
      can_restart: canRestart(state, maxAttempts),
      limits: { ...LIMITS },
      brief: briefView(content),
      rubric: rubricView(content),
      checks_share: content.checks_share,
      methods: Shuffle.shuffled(METHODS, Shuffle.orderKey(seed, state.a, 'methods')),
      evaluation_kinds: [...EVALUATION_KINDS],
      plan,
      minutes: planMinutes(plan),
      checks: runChecks(content, plan).map((r) => ({
        id: r.id,
        weight: weights.get(r.id),
        fraction: round4(r.fraction),
        outcome: outcome(r.fraction),
        lines: r.lines.map((found) => format(found, gettext)),
      })),
      alignment: alignmentMatrix(plan),
    };
  }

  // --- Scores (scoring.py), every operation in Python's order ---------------------------------

  /** [the checks' part in [0, 1], the checks' results] (scoring.checks_score). */
  function checksScore(content, plan) {
    const results = runChecks(content, plan);
    const total = sum(content.checks.map((spec) => spec.weight));
    if (!total) return [0, results];
    const earned = sum(content.checks.map((spec, i) => spec.weight * results[i].fraction));
    return [earned / total, results];
  }

  /** A trainer's grading, checked (scoring.clean_grading); throws ActionRefused. */
  function cleanGrading(content, data) {
    const ix = index(content);
    if (!isRecord(data)) throw new ActionRefused(T.grading);
    const levels = own(data, 'levels') ? data.levels : null;
    const comments = own(data, 'comments') ? data.comments : {};
    const overall = own(data, 'overall') ? data.overall : '';
    if (!isRecord(levels)) throw new ActionRefused(T.grading);
    const given = Object.keys(levels);
    if (given.length !== ix.criteria.size || !given.every((id) => ix.criteria.has(id))) {
      throw new ActionRefused(T.grading);
    }
    for (const id of given) {
      const points = levels[id];
      const allowed = ix.criteria.get(id).levels.map((lv) => lv.points);
      if (!Number.isInteger(points) || !allowed.includes(points)) {
        throw new ActionRefused(T.level, { criterion: id, points: shown(points, 20) });
      }
    }
    if (!isRecord(comments) || !Object.keys(comments).every((id) => ix.criteria.has(id))) {
      throw new ActionRefused(T.commentText);
    }
    for (const [id, comment] of [...Object.entries(comments), ['overall', overall]]) {
      if (typeof comment !== 'string') throw new ActionRefused(T.commentText);
      if (longerThan(comment, MAX_COMMENT)) throw new ActionRefused(T.comment, { criterion: id, limit: MAX_COMMENT });
    }
    const kept = {};
    for (const c of content.criteria) {
      if (own(comments, c.id) && strip(comments[c.id])) put(kept, c.id, comments[c.id]);
    }
    const ordered = {};
    for (const c of content.criteria) put(ordered, c.id, levels[c.id]);
    return { levels: ordered, comments: kept, overall };
  }

  /** The grade of a plan (scoring.grade); `levels` the trainer's, null until graded:
   * {raw, checks, rubric, share, parts: [{kind, id, fraction, possible, capacities}],
   *  capacities: [[code, earned, possible]]}. */
  function grade(content, plan, levels, { automaticOnly = false } = {}) {
    const ix = index(content);
    const [checksPart, results] = checksScore(content, plan);
    const weights = sum(content.checks.map((spec) => spec.weight));
    const hasRubric = content.criteria.length > 0 && !automaticOnly;
    const share = !hasRubric ? 1 : !weights ? 0 : content.checks_share;
    const parts = [];
    content.checks.forEach((spec, i) => {
      if (weights && spec.weight) {
        parts.push({
          kind: 'check',
          id: spec.id,
          fraction: results[i].fraction,
          possible: (share * spec.weight) / weights,
          capacities: spec.capacities.length ? spec.capacities : CHECK_CAPACITIES.get(spec.id),
        });
      }
    });
    let rubric = null;
    if (hasRubric && levels !== null && levels !== undefined) {
      const possible = ix.rubricPoints;
      rubric = possible ? sum(content.criteria.map((c) => levels[c.id])) / possible : 0;
      for (const c of content.criteria) {
        const max = ix.maxPoints.get(c.id);
        parts.push({
          kind: 'criterion',
          id: c.id,
          fraction: max ? levels[c.id] / max : 0,
          possible: possible ? ((1 - share) * max) / possible : 0,
          capacities: c.capacities,
        });
      }
    }
    const known = !hasRubric || rubric !== null;
    const raw = known ? share * checksPart + (1 - share) * (rubric || 0) : null;
    const codes = new Map();
    for (const part of parts) {
      for (const code of new Set(part.capacities)) {
        if (!codes.has(code)) codes.set(code, []);
        codes.get(code).push(part);
      }
    }
    const capacities = [...codes.keys()].sort(compareCodes).map((code) => {
      const found = codes.get(code);
      return [code, round4(sum(found.map((p) => p.fraction * p.possible))), round4(sum(found.map((p) => p.possible)))];
    });
    return {
      raw: raw === null ? null : round4(raw),
      checks: round4(checksPart),
      rubric: rubric === null ? null : round4(rubric),
      share,
      parts,
      capacities,
    };
  }

  /** The grade as JSON (scoring.grade_dict). */
  const gradeDict = (found) => ({
    raw: found.raw,
    checks: found.checks,
    rubric: found.rubric,
    share: found.share,
    capacities: found.capacities.map(([code, earned, possible]) => ({ code, earned, possible })),
    parts: found.parts.map((p) => ({ kind: p.kind, id: p.id, fraction: round4(p.fraction), possible: round4(p.possible) })),
  });

  const percent = (ratio) => roundInt(ratio * 100);

  /** One line for the grade and one per capacity (scoring.explanations), as lines. */
  function explanations(content, found) {
    let score;
    if (found.raw === null) {
      score = line(EXPLAIN.awaiting, { checks: percent(found.checks), share: percent(found.share) });
    } else if (found.share === 1) {
      score = line(EXPLAIN.checks, { grade: percent(found.raw) });
    } else if (found.share === 0) {
      score = line(EXPLAIN.rubric, { grade: percent(found.raw), rubric: percent(found.rubric || 0) });
    } else {
      score = line(EXPLAIN.both, {
        grade: percent(found.raw),
        share: percent(found.share),
        checks: percent(found.checks),
        rest: percent(1 - found.share),
        rubric: percent(found.rubric || 0),
      });
    }
    const capacities = {};
    for (const [code, earned, possible] of found.capacities) {
      put(capacities, code, line(EXPLAIN.capacity, {
        code,
        percent: possible ? percent(earned / possible) : 0,
        possible: percent(possible),
      }));
    }
    return { score, capacities };
  }

  /** An action the page sends (the block's handler name) applied by the engine in the page
   * (Studio's preview, a SCO); a refusal worded as the server words one, with its status. */
  const PAGE_ACTIONS = { save_plan: 'save', submit: 'submit', restart: 'restart' };
  function applyPageAction(content, state, action, payload, { maxAttempts = 0, gettext = identity } = {}) {
    try {
      if (!own(PAGE_ACTIONS, action)) throw new ActionRefused(T.unknownAction, { action: shown(action, 40) });
      return applyAction(content, state, { ...payload, type: PAGE_ACTIONS[action] }, { maxAttempts });
    } catch (error) {
      if (!error || !error.template) throw error;
      const worded = new Error(format({ template: error.template, params: error.params || {} }, gettext));
      worded.status = error.status;
      throw worded;
    }
  }

  return {
    STATE_VERSION, METHODS, METHOD_MINUTES, EVALUATION_KINDS, CHECKS, LIMITS, TEMPLATES,
    ActionRefused, ActionStale,
    emptyPlan, planMinutes, newState, position, remainingAttempts, canRestart, isEmpty,
    cleanPlan, checkedState, applyAction, apply: applyAction, applyPageAction,
    hours, firstVerb, runChecks, requiredElements, alignmentMatrix, format, outcome,
    briefView, rubricView, learnerView,
    checksScore, cleanGrading, grade, gradeDict, explanations,
    round4, roundTo, roundInt, compareCodes, pyStr, pyEquals, length,
  };
});
