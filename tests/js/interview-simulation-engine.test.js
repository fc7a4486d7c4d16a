// Replays the shared vectors (tests/vectors/interview_simulation/*.json, written from the Python
// engine by tests/vectors/generate.py) through the JavaScript engine: same states, refusals,
// scores and views.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const vm = require('node:vm');

const SOURCE = path.join(
  __dirname,
  '../../xblocks/interview_simulation/public/interview-simulation-engine.js',
);
const VECTORS = path.join(__dirname, '../vectors/interview_simulation');
const engine = require(SOURCE);

const files = fs.readdirSync(VECTORS).filter((name) => name.endsWith('.json')).sort();

function act(content, settings, state, step) {
  if (step.action === 'start') return engine.newState();
  if (step.action === 'choose') return engine.choose(content, state, step.choice, step.at);
  if (step.action === 'restart') return engine.restart(content, state, settings.max_attempts, step.at);
  throw new Error(`unknown action ${step.action}`);
}

test('there are vectors to replay', () => {
  assert.ok(files.length >= 6, `only ${files.length} vector files`);
});

for (const name of files) {
  const vector = JSON.parse(fs.readFileSync(path.join(VECTORS, name), 'utf8'));
  const { content, settings } = vector;
  const options = {
    feedbackMode: settings.feedback_mode, maxAttempts: settings.max_attempts, seed: settings.seed,
  };

  test(`${name}: ${vector.description}`, async (t) => {
    await t.test('steps', () => {
      let state = null;
      let kept = null;
      vector.steps.forEach((step, i) => {
        const where = `step ${i}: ${step.action} ${JSON.stringify(step.choice ?? '')}`;
        const before = structuredClone(state);
        let outcome;
        try {
          state = act(content, settings, state, step);
          outcome = { state };
          kept = engine.keptAfter(content, kept, state);
        } catch (error) {
          if (!(error instanceof engine.ActionRefused)) throw error;
          outcome = { refused: error.template, params: error.params };
          assert.deepStrictEqual(state, before, `${where}: a refusal leaves the state as it was`);
        }
        assert.deepStrictEqual(outcome, step.expect, where);
        const view = engine.view(content, state, { ...options, kept });
        assert.deepStrictEqual(view, step.view, `${where}: view`);
      });
    });

    await t.test('checked states', () => {
      for (const { input, expect } of vector.checked_states || []) {
        assert.deepStrictEqual(engine.checkedState(content, input), expect, JSON.stringify(input));
      }
    });

    await t.test('scores', () => {
      for (const { path: choices, expect } of vector.scores || []) {
        assert.deepStrictEqual(engine.score(content, choices), expect, JSON.stringify(choices));
      }
    });
  });
}

test('refusals carry a message filled from the template', () => {
  const { content } = JSON.parse(fs.readFileSync(path.join(VECTORS, files[0]), 'utf8'));
  assert.throws(() => engine.choose(content, engine.newState(), 'nope'), {
    name: 'ActionRefused',
    message: 'Unknown choice nope.',
    template: 'Unknown choice {choice}.',
    params: { choice: 'nope' },
  });
});

test('round4 rounds exact ties half to even, like Python round(x, 4)', () => {
  // Values from Python: round(k / 32, 4) for every k, and a few ordinary fractions.
  const python = [0.0, 0.0312, 0.0625, 0.0938, 0.125, 0.1562, 0.1875, 0.2188, 0.25, 0.2812];
  python.forEach((expected, k) => assert.equal(engine.round4(k / 32), expected, `${k}/32`));
  assert.equal(engine.round4(2 / 3), 0.6667);
  assert.equal(engine.round4(1 / 3), 0.3333);
  assert.equal(engine.round4(0.00005), 0.0001); // the double is slightly above the tie
});

test('shuffles draw the orders Python draws (tests/vectors/shuffle/orders.json)', () => {
  const shuffle = require('../../xblocks/common/public/shuffle.js');
  const cases = JSON.parse(fs.readFileSync(path.join(VECTORS, '../shuffle/orders.json'), 'utf8')).cases;
  assert.ok(cases.length >= 5);
  for (const { key, hash, orders } of cases) {
    assert.equal(shuffle.keyHash(key), hash, JSON.stringify(key));
    for (const [n, order] of Object.entries(orders)) {
      assert.deepStrictEqual(shuffle.shuffled([...Array(Number(n)).keys()], key), order, `${key} ${n}`);
    }
  }
});

test('the file also works as a classic browser script, defining a global', () => {
  const context = { TextEncoder };
  vm.runInNewContext(fs.readFileSync(path.join(SOURCE, '../../../common/public/shuffle.js'), 'utf8'), context);
  vm.runInNewContext(fs.readFileSync(SOURCE, 'utf8'), context);
  assert.equal(typeof context.InterviewSimulationEngine.view, 'function');
  assert.equal(context.module, undefined);
});
