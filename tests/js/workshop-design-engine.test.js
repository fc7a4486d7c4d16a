// Replays the shared vectors (tests/vectors/workshop_design/*.json, written from the Python
// engine by tests/vectors/generate_workshop_design.py) through the JavaScript engine: same
// states, refusals, views, checks, grades, explanations, checked states and gradings.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const vm = require('node:vm');

const SOURCE = path.join(__dirname, '../../xblocks/workshop_design/public/workshop-design-engine.js');
const VECTORS = path.join(__dirname, '../vectors/workshop_design');
const GENERATOR = path.join(__dirname, '../vectors/generate_workshop_design.py');
const engine = require(SOURCE);

const files = fs.readdirSync(VECTORS).filter((name) => name.endsWith('.json')).sort();
const read = (name) => JSON.parse(fs.readFileSync(path.join(VECTORS, name), 'utf8'));
const replayed = new Set();
const skipped = [];

function outcomeOf(error) {
  if (!(error instanceof engine.ActionRefused)) throw error;
  return { refused: error.template, params: error.params, status: error.status };
}

function replay(vector) {
  const { content, settings } = vector;
  const options = { seed: settings.seed, maxAttempts: settings.max_attempts };
  let state = engine.newState();
  let graded = null;
  vector.steps.forEach((step, i) => {
    const where = `step ${i}: ${JSON.stringify(step.action).slice(0, 300)}`;
    if (step.python_only) { // what JSON cannot carry here (30.0 is 30): Python refused it
      assert.ok(step.expect.refused, `${where}: a python_only step is a refusal`);
      skipped.push(`${where}: ${step.python_only}`);
      return;
    }
    const before = structuredClone(state);
    let outcome;
    try {
      state = engine.applyAction(content, state, step.action, options);
      outcome = { state };
    } catch (error) {
      outcome = outcomeOf(error);
      assert.equal(error.stale === true, error.status === 409, `${where}: stale is 409`);
    }
    assert.deepStrictEqual(outcome, step.expect, where);
    if (outcome.refused !== undefined) {
      assert.deepStrictEqual(state, before, `${where}: a refusal leaves the state as it was`);
      return;
    }
    const view = engine.learnerView(content, state, options);
    assert.deepStrictEqual(view, { ...vector.view_static, ...step.view, plan: state.p }, `${where}: view`);
    const checks = engine.runChecks(content, state.p);
    assert.deepStrictEqual(view.checks.map((c) => c.lines),
      checks.map((c) => c.lines.map((l) => engine.format(l))), `${where}: lines rendered`);
    if (step.checks === undefined) { // the plan of the step before, checked and graded there
      assert.deepStrictEqual(state.p, graded, `${where}: a step without checks keeps its plan`);
      return;
    }
    graded = state.p;
    assert.deepStrictEqual(checks, step.checks, `${where}: checks`);
    const { levels, automatic_only: automaticOnly } = step.grade;
    const grade = engine.grade(content, state.p, levels, { automaticOnly });
    assert.deepStrictEqual(engine.gradeDict(grade), step.grade.grade, `${where}: grade`);
    assert.deepStrictEqual(engine.explanations(content, grade), step.grade.explanations, `${where}: explanations`);
  });
}

for (const name of files) {
  const vector = read(name);

  test(`${name}: ${vector.description}`, async (t) => {
    await t.test('steps', () => replay(vector));
    await t.test('checked states', () => {
      for (const { input, expect } of vector.checked_states || []) {
        assert.deepStrictEqual(engine.checkedState(vector.content, input), expect, JSON.stringify(input));
      }
    });
    await t.test('gradings', () => {
      for (const { input, expect } of vector.gradings || []) {
        let found;
        try {
          found = engine.cleanGrading(vector.content, input);
        } catch (error) {
          found = outcomeOf(error);
        }
        assert.deepStrictEqual(found, expect, JSON.stringify(input).slice(0, 200));
      }
    });
    await t.test('first verbs and durations', () => {
      for (const { text, verb } of vector.first_verbs || []) assert.equal(engine.firstVerb(text), verb, text);
      for (const { minutes, text } of vector.hours || []) assert.equal(engine.hours(minutes), text, String(minutes));
    });
    replayed.add(name);
  });
}

// Runs after the vectors' tests (node:test runs a file's top-level tests in order).
test('every vector file the generator writes is here and was replayed', () => {
  const builders = /^BUILDERS = \(([^)]*)\)/m.exec(fs.readFileSync(GENERATOR, 'utf8'));
  assert.ok(builders, 'BUILDERS not found in generate_workshop_design.py');
  const names = builders[1].split(',').map((n) => n.trim()).filter(Boolean).map((n) => `${n}.json`);
  assert.ok(names.length >= 6, `only ${names.length} builders`);
  assert.deepStrictEqual(files, [...names].sort(), 'vector files and the generator disagree');
  assert.deepStrictEqual([...replayed].sort(), files, 'some vector files were not replayed');
  assert.ok(files.every((n) => read(n).steps.length > 0), 'a vector file without steps replays nothing');
  assert.ok(skipped.length <= 1, `python_only steps: ${skipped.join('; ')}`);
});

test('every template the engine knows is met in the vectors', () => {
  const text = files.map((n) => fs.readFileSync(path.join(VECTORS, n), 'utf8')).join('\n');
  const missing = engine.TEMPLATES.filter((t) => !text.includes(JSON.stringify(t)));
  assert.deepStrictEqual(missing, []);
});

test('refusals: a message filled from the template, values as Python writes them, status', () => {
  const { content } = read('plans_refused.json');
  const state = engine.newState();
  const at = engine.position(state);
  const save = (plan) => () => engine.applyAction(content, state, { type: 'save', at, plan });
  assert.throws(save({ goal: 5 }), {
    name: 'ActionRefused',
    message: 'The general objective must be text.',
    template: '{field} must be text.',
    params: { field: { template: 'The general objective', params: {} } },
    status: 400,
  });
  assert.throws(save({ goal: 'lone \ud800 surrogate' }), { message: 'The general objective holds a control character.' });
  assert.doesNotThrow(save({ goal: 'a pair \ud83d\ude42 is one code point' }));
  assert.throws(() => engine.applyAction(content, state, { type: 'save', at: null }), {
    name: 'ActionStale', stale: true, status: 409,
  });
  assert.throws(() => engine.applyAction(content, state, 'save'), { message: 'Unknown action: None.' });
  // JSON cannot say 30.0 here: 30 is taken (Python refuses a float, see python_only steps).
  assert.equal(engine.cleanPlan(content, { sequences: [{
    id: 's1', title: '', objectives: [], method: '', minutes: 30.0, materials: '', notes: '', access: '',
  }] }).sequences[0].minutes, 30);
});

test('format renders nested lines and joined values with the gettext given', () => {
  const line = {
    template: 'Objective {number} ({objective}): {missing}.',
    params: {
      number: '1',
      objective: '{x}',
      missing: { joined: [{ template: 'no sequence serves it', params: {} }, 'b'], separator: ', ' },
    },
  };
  assert.equal(engine.format(line), 'Objective 1 ({x}): no sequence serves it, b.');
  const french = { 'Objective {number} ({objective}): {missing}.': 'Objectif {number} ({objective}) : {missing}.',
    'no sequence serves it': 'aucune séquence ne le sert' };
  assert.equal(engine.format(line, (t) => french[t] || t), 'Objectif 1 ({x}) : aucune séquence ne le sert, b.');
  const { content, steps } = read('check_edge_cases.json');
  const state = steps.at(-1).expect.state;
  const view = engine.learnerView(content, state, { gettext: (t) => t.toUpperCase() });
  assert.ok(view.checks.every((c) => c.lines.every((l) => l === l.toUpperCase())));
});

test('rounding as Python rounds: ties to even, at four decimals and to a whole', () => {
  const python = [0.0, 0.0312, 0.0625, 0.0938, 0.125, 0.1562, 0.1875, 0.2188, 0.25, 0.2812];
  python.forEach((expected, k) => assert.equal(engine.round4(k / 32), expected, `${k}/32`));
  assert.equal(engine.round4(2 / 3), 0.6667);
  assert.deepStrictEqual([0.5, 1.5, 2.5, 62.5, 2.4999, 2.5001].map(engine.roundInt), [0, 2, 2, 62, 2, 3]);
});

test('code points, not UTF-16 units, and Python whitespace', () => {
  assert.equal(engine.length('🙂'.repeat(15)), 15);
  assert.equal(engine.firstVerb('\ufeffIdentifier'), ''); // U+FEFF is no space for Python
  assert.equal(engine.firstVerb('\u001cIdentifier'), 'identifier'); // U+001C is one
  assert.equal(engine.pyStr(1e-7), '1e-07');
  assert.equal(engine.pyStr(1.5), '1.5');
  assert.equal(engine.pyStr([true, null, "l'a"]), '[True, None, "l\'a"]');
});

test('content ids are looked up as own properties only', () => {
  const { content } = read('plans_refused.json');
  assert.throws(() => engine.cleanPlan(content, { constraints: { constructor: 'x'.repeat(20) } }), {
    template: '{field}: the brief has no {id}.',
  });
  assert.throws(() => engine.cleanPlan(content, { sequences: [{
    id: 's1', title: '', objectives: [], method: 'constructor', minutes: 30, materials: '', notes: '', access: '',
  }] }), { template: 'Sequence {number}: unknown method {method}.' });
});

test('the file also works as a classic browser script, defining a global', () => {
  const context = { TextEncoder };
  vm.runInNewContext(fs.readFileSync(path.join(__dirname, '../../xblocks/common/public/shuffle.js'), 'utf8'), context);
  vm.runInNewContext(fs.readFileSync(SOURCE, 'utf8'), context);
  assert.equal(typeof context.WorkshopDesignEngine.learnerView, 'function');
  assert.equal(context.module, undefined);
});
