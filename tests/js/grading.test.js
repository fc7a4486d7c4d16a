// The SCO's block grade (scorm_export/static/grading.js) equals Open edX's rule as written in
// scorm_export/grading.py: the shared vectors of tests/vectors/grading/ replayed in JavaScript.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');

require('../../scorm_export/static/grading.js');
const G = globalThis.InsertionProGrading;
const vectors = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../vectors/grading/blocks.json'), 'utf8'));

test('there are grading vectors, passed and failed, with and without unmet marks', () => {
  assert.ok(vectors.cases.length >= 10);
  assert.ok(vectors.cases.some((c) => c.expect.passed));
  assert.ok(vectors.cases.some((c) => !c.expect.passed && c.expect.percent >= 0.6));
});

test('every case gives the grade Python gives, to the last bit', () => {
  for (const c of vectors.cases) {
    assert.deepEqual(G.grade(vectors.plans[c.plan], c.scores), c.expect, `${c.plan} ${JSON.stringify(c.scores)}`);
  }
});

test('rounding: two decimals half to even per subsection, whole percents with the 0.05 nudge', () => {
  assert.equal(G.around2(0.125), 0.12);
  assert.equal(G.around2(0.375), 0.38);
  assert.equal(G.shownPercent(0.5949), 0.6);
  assert.equal(G.shownPercent(0.5944), 0.59);
});

test('shares: what each component counts for, summing to one without drops', () => {
  const bloc = vectors.plans['performance task weighs 70 %, required at 50 %'];
  const shares = G.shares(bloc);
  assert.deepEqual(Object.keys(shares), ['q1', 'q2', 'q3', 'interview']);
  assert.ok(Math.abs(shares.interview - 0.7) < 1e-12 && Math.abs(shares.q1 - 0.1) < 1e-12);
  // Two subsections of one type: each counts for half, whatever its points.
  const split = {
    types: [{ type: 'T', min_count: 1, drop_count: 0, weight: 1 }],
    pass_mark: 0.6,
    subsections: [
      { format: 'T', components: [{ key: 'i', weight: 7, required: null }] },
      { format: 'T', components: [{ key: 'a', weight: 1, required: null }, { key: 'b', weight: 2, required: null }] },
    ],
  };
  const s = G.shares(split);
  assert.equal(s.i, 0.5);
  assert.ok(Math.abs(s.a - 1 / 6) < 1e-12 && Math.abs(s.b - 1 / 3) < 1e-12);
  assert.equal(G.grade(split, { i: 1 }).percent, 0.5);
});
