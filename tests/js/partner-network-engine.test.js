// Replays the shared vectors (tests/vectors/partner_network/*.json, written from the Python
// engine by tests/vectors/generate_partner_network.py) through the JavaScript engine: same
// states, refusals, views, scores and kept attempts, step by step.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const vm = require('node:vm');

const SOURCE = path.join(__dirname, '../../xblocks/partner_network/public/partner-network-engine.js');
const VECTORS = path.join(__dirname, '../vectors/partner_network');
const GENERATOR = path.join(__dirname, '../vectors/generate_partner_network.py');
const engine = require(SOURCE);

const files = fs.readdirSync(VECTORS).filter((name) => name.endsWith('.json')).sort();
const replayed = new Set();

// scoring.explanations flattened as the generator writes it: the whole, its cap, each
// capacity, each kind, every param as the string Python formats into the template.
function explained(content, result) {
  const lines = engine.explanations(content, result);
  const messages = [lines.score, ...(lines.cap === null ? [] : [lines.cap]),
    ...Object.values(lines.capacities), ...Object.values(lines.kinds)];
  return messages.map(({ template, params }) => ({
    template,
    params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, engine.pyStr(v)])),
  }));
}

const summary = (kept) => (kept === null ? null : { attempt: kept.attempt, raw: kept.score.raw });

function replay(vector) {
  const { content, settings } = vector;
  const options = { seed: settings.seed, maxAttempts: settings.max_attempts };
  let state = engine.newState(content);
  let kept = null;
  vector.steps.forEach((step, i) => {
    const where = `step ${i}: ${JSON.stringify(step.action)}`;
    const before = structuredClone(state);
    let outcome;
    try {
      state = engine.apply(content, state, step.action, options);
      outcome = { state };
      kept = engine.keptAfter(content, kept, state);
    } catch (error) {
      if (!(error instanceof engine.ActionRefused)) throw error;
      outcome = { refused: error.template, params: error.params };
    }
    assert.deepStrictEqual(outcome, step.expect, where);
    if (outcome.refused !== undefined) {
      assert.deepStrictEqual(state, before, `${where}: a refusal leaves the state as it was`);
      return;
    }
    assert.deepStrictEqual(engine.learnerView(content, state, options), step.view, `${where}: view`);
    const result = engine.score(content, state);
    assert.deepStrictEqual(result, step.score, `${where}: score`);
    assert.ok(Array.isArray(step.explanations), `${where}: the vector has explanations`);
    assert.deepStrictEqual(explained(content, result), step.explanations, `${where}: explanations`);
    assert.deepStrictEqual(summary(kept), step.kept, `${where}: kept`);
  });
}

for (const name of files) {
  const vector = JSON.parse(fs.readFileSync(path.join(VECTORS, name), 'utf8'));

  test(`${name}: ${vector.description}`, async (t) => {
    await t.test('steps', () => replay(vector));
    await t.test('checked states', () => {
      for (const { input, expect } of vector.checked_states || []) {
        assert.deepStrictEqual(engine.checkedState(vector.content, input), expect, JSON.stringify(input));
      }
    });
    replayed.add(name);
  });
}

// Runs after the vectors' tests (node:test runs a file's top-level tests in order).
test('every vector file the generator writes is here and was replayed', () => {
  const builders = /^BUILDERS = \(([^)]*)\)/m.exec(fs.readFileSync(GENERATOR, 'utf8'));
  assert.ok(builders, 'BUILDERS not found in generate_partner_network.py');
  const names = builders[1].split(',').map((n) => n.trim()).filter(Boolean).map((n) => `${n}.json`);
  assert.ok(names.length >= 7, `only ${names.length} builders`);
  assert.deepStrictEqual(files, [...names].sort(), 'vector files and the generator disagree');
  assert.deepStrictEqual([...replayed].sort(), files, 'some vector files were not replayed');
  const steps = files.map((n) => JSON.parse(fs.readFileSync(path.join(VECTORS, n), 'utf8')).steps.length);
  assert.ok(steps.every((count) => count > 0), 'a vector file without steps replays nothing');
});

test('refusals carry a message filled from the template, values as Python writes them', () => {
  const { content } = JSON.parse(fs.readFileSync(path.join(VECTORS, 'placements_and_relations.json'), 'utf8'));
  const state = engine.newState(content);
  const at = engine.position(state);
  const options = { seed: 's', maxAttempts: 2 };
  assert.throws(() => engine.apply(content, state, { type: 'place', at, partner: null, domains: [] }, options), {
    name: 'ActionRefused',
    message: 'Unknown partner None.',
    template: 'Unknown partner {partner}.',
    params: { partner: 'None' },
  });
  const long = '🙂'.repeat(41);
  assert.throws(() => engine.apply(content, state, { type: 'place', at, partner: long, domains: [] }, options), {
    params: { partner: '🙂'.repeat(40) }, // cut at 40 code points, as Python slices
  });
  assert.throws(() => engine.apply(content, state, { type: 'place', at: null }, options), {
    name: 'ActionStale',
    stale: true,
  });
});

test('the large network vector reaches the bounds: 40 partners, 12 types, 8 options', () => {
  const vector = JSON.parse(fs.readFileSync(path.join(VECTORS, 'large_bounds.json'), 'utf8'));
  const { content } = vector;
  assert.equal(content.partners.length, 40);
  assert.equal(content.relation_types.length, 12);
  assert.ok(content.questions.items.every((q) => q.choices.options.length === 8));
  const last = vector.steps.at(-1);
  assert.equal(last.action.type, 'submit');
  assert.equal(last.expect.state.f, 1);
  const top = engine.relationCode(content, 40, 39, 11, true);
  assert.ok(vector.steps.some((s) => s.expect.state && s.expect.state.r.includes(top)), 'the highest code');
  assert.ok(vector.steps.some((s) => s.expect.state && s.expect.state.q.some((m) => m >= 128)), 'the 8th option');
});

test('relation codes and masks stay exact past 2^31 (40 partners, 12 types)', () => {
  const partners = Array.from({ length: 40 }, (_v, i) => ({
    id: `p${i}`, name: `P${i}`, kind: 'autre', domains: ['emploi'], mission: '', public: '',
    funding: '', contact: '', points: 1, capacities: [],
  }));
  const types = Array.from({ length: 12 }, (_v, i) => ({ id: `t${i}`, label: `T${i}`, meaning: '' }));
  const content = {
    structure: { id: 'moi', name: 'Moi', kind: 'plie', description: '' },
    relation_types: types,
    partners,
    territory: null,
    map: null,
    questions: null,
    strategies: null,
    situations: {
      capacities: ['B2.8'],
      items: [{
        id: 'u', title: 'U', text: 'x', cap: 0.5, feedback: '', points: 1, capacities: [],
        mobilise: [{ partner: 'p39', urgent: true }, { partner: 'p31', urgent: false }],
      }],
    },
  };
  const code = engine.relationCode(content, 40, 39, 11, true);
  assert.deepStrictEqual(engine.decodeRelation(content, code), [40, 39, 11, true]);
  let state = engine.newState(content);
  const decision = { type: 'decide', situation: 'u', partners: ['p39', 'p31'], first: 'p39' };
  state = engine.apply(content, state, { ...decision, at: engine.position(state) }, { maxAttempts: 0 });
  const result = engine.score(content, state);
  assert.equal(result.raw, 1);
  assert.deepStrictEqual(result.missed, []);
});

test('rounding as Python rounds: ties to even, at four and two decimals and to a whole', () => {
  const python = [0.0, 0.0312, 0.0625, 0.0938, 0.125, 0.1562, 0.1875, 0.2188, 0.25, 0.2812];
  python.forEach((expected, k) => assert.equal(engine.round4(k / 32), expected, `${k}/32`));
  assert.equal(engine.round4(2 / 3), 0.6667);
  assert.equal(engine.roundTo(0.125, 2), 0.12);
  assert.equal(engine.roundTo(0.375, 2), 0.38);
  assert.deepStrictEqual([0.5, 1.5, 2.5, 2.4999, 2.5001].map(engine.roundInt), [0, 2, 2, 2, 3]);
});

test('capacity codes sort as capacity_sort_key does', () => {
  // sorted(codes, key=lambda c: (capacity_sort_key(c), c)) in Python gives the same.
  const codes = ['B3.10', 'B2.8', 'B3.2', 'B3', 'A3.2'];
  assert.deepStrictEqual(codes.sort(engine.compareCodes), ['B2.8', 'B3', 'A3.2', 'B3.2', 'B3.10']);
});

test('explanations name the figures of the score as scoring.explanations does', () => {
  const vector = JSON.parse(fs.readFileSync(path.join(VECTORS, 'situations_and_cap.json'), 'utf8'));
  const step = vector.steps.find((s) => s.score && s.score.cap !== null);
  assert.ok(step, 'a vector step with a cap');
  const lines = engine.explanations(vector.content, step.score);
  assert.equal(lines.cap.params.items, 'Sonia');
  assert.equal(lines.cap.params.percent, Math.round(step.score.cap * 100));
  assert.deepStrictEqual(Object.keys(lines.capacities), step.score.capacities.map((c) => c.code));
  assert.deepStrictEqual(Object.keys(lines.kinds), ['situation']);
});

test('the file also works as a classic browser script, defining a global', () => {
  const context = { TextEncoder };
  vm.runInNewContext(fs.readFileSync(path.join(__dirname, '../../xblocks/common/public/shuffle.js'), 'utf8'), context);
  vm.runInNewContext(fs.readFileSync(SOURCE, 'utf8'), context);
  assert.equal(typeof context.PartnerNetworkEngine.learnerView, 'function');
  assert.equal(context.module, undefined);
});
