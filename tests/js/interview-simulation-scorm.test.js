// The interview's SCORM adapter: its compact state replays exactly and stays within the bound
// the exporter checks (scorm.py's state_chars), and a finished attempt's score is kept.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');

const PUBLIC = path.join(__dirname, '../../xblocks/interview_simulation/public');
globalThis.InsertionProShuffle = require('../../xblocks/common/public/shuffle.js');
globalThis.InterviewSimulationEngine = require(path.join(PUBLIC, 'interview-simulation-engine.js'));
require(path.join(PUBLIC, 'interview-simulation-scorm.js'));
const adapter = globalThis.InterviewSimulationScorm;
const E = globalThis.InterviewSimulationEngine;
const VECTORS = path.join(__dirname, '../vectors/interview_simulation');

const scenarios = fs.readdirSync(VECTORS).filter((n) => n.endsWith('.json')).sort()
  .map((name) => JSON.parse(fs.readFileSync(path.join(VECTORS, name), 'utf8')));

// Every complete path, choosing each offered choice in turn (the vector scenarios are small).
function paths(content, state = E.newState()) {
  const view = E.view(content, state, { feedbackMode: 'immediate', maxAttempts: 0 });
  if (!view.current) return [state];
  const next = (c) => E.choose(content, state, E.chosenId(content, state, '', c.id));
  return view.current.choices.flatMap((c) => paths(content, next(c)));
}

test('compact state replays every path exactly, and every prefix', () => {
  for (const { content, settings } of scenarios) {
    for (const end of paths(content)) {
      for (let n = 0; n <= end.path.length; n += 1) {
        const state = { ...end, path: end.path.slice(0, n) };
        const text = adapter.encode(content, settings, { state, best: null });
        assert.match(text, /^\d+\.[0-9a-z]*$/);
        assert.equal(text.length, String(state.attempt).length + 1 + n);
        assert.deepEqual(adapter.decode(content, settings, text), { state, best: null, kept: null });
      }
    }
  }
});

test('the best finished score travels with the state and marks the activity done', () => {
  const { content, settings } = scenarios[0];
  const state = E.restart(content, paths(content)[0], 0);
  const text = adapter.encode(content, settings, { state, best: 0.7143 });
  assert.equal(text, '2..7143');
  const back = adapter.decode(content, settings, text);
  assert.equal(back.best, 0.7143);
  assert.deepEqual(adapter.status(content, settings, back), { done: true, raw: 0.7143 });
  assert.deepEqual(adapter.status(content, settings, { state, best: null }), { done: false, raw: 0 });
});

test('garbage or stale saved text gives a fresh start, never an error', () => {
  const { content, settings } = scenarios[0];
  for (const text of ['', 'x', '1.', '1.zzzz', '9.0.99999999', '<script>']) {
    const back = adapter.decode(content, settings, text);
    assert.equal(back.state.path.length <= 4, true);
    assert.deepEqual(E.checkedState(content, back.state), back.state);
  }
});

test('the kept attempt travels with the state, so its debrief is shown again after a relaunch', () => {
  const { content, settings } = scenarios.find((v) => v.description.startsWith('Outcomes'));
  const ends = paths(content);
  const best = ends.reduce((a, b) => (E.score(content, b.path).raw > E.score(content, a.path).raw ? b : a));
  const kept = { ...E.endView(content, 1, best.path), path: best.path };
  const state = E.restart(content, best, 3);
  const text = adapter.encode(content, settings, { state, best: kept.debrief.raw, kept });
  assert.match(text, /^2\.\.\d+\.1\.[0-9a-z]+$/);
  const back = adapter.decode(content, settings, text);
  assert.deepEqual(back.kept, kept);
  assert.equal(back.best, kept.debrief.raw);
  // A kept path that no longer replays keeps the score, without a debrief to show.
  assert.equal(adapter.decode(content, settings, text.replace(/\.1\.[0-9a-z]+$/, '.1.zz')).kept, null);
});
