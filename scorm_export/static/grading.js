/* A block's grade as Open edX computes it: scorm_export/grading.py in JavaScript.
 *
 * Component: raw * weight of weight points. Subsection: earned / possible, rounded to two
 * decimals half to even (numpy's around). Assignment type: average after placeholder zeros up
 * to min_count, without the drop_count lowest. Block: the types' averages by their weights
 * scaled to one, shown as Open edX shows a course percent. Passed at the cutoff, and only if
 * every required component reaches its own mark. tests/vectors/grading/ holds both equal.
 */
(function (global) {
  'use strict';

  /** Python's round() of a float: to the nearest integer, half to even. */
  function roundHalfEven(value) {
    var floor = Math.floor(value), rest = value - floor;
    if (rest > 0.5) return floor + 1;
    if (rest < 0.5) return floor;
    return floor % 2 === 0 ? floor : floor + 1;
  }
  function around2(value) { return roundHalfEven(value * 100) / 100; }
  function shownPercent(value) { return Math.floor(value * 100 + 0.05 + 0.5) / 100; }

  function typeAverage(percents, minCount, dropCount) {
    var marks = percents.slice();
    while (marks.length < minCount) marks.push(0);
    if (dropCount > 0) {
      // Stable sort by descending percent; the last dropCount are dropped, as in Open edX.
      var order = marks.map(function (m, i) { return i; });
      order.sort(function (a, b) { return marks[b] - marks[a] || a - b; });
      var dropped = order.slice(-dropCount);
      marks = marks.filter(function (m, i) { return dropped.indexOf(i) < 0; });
    }
    if (!marks.length) return 0;
    return marks.reduce(function (sum, m) { return sum + m; }, 0) / marks.length;
  }

  /** plan: {types, pass_mark, subsections}; scores: key -> raw in [0, 1] (or null). */
  function grade(plan, scores) {
    var byType = Object.create(null), subsections = [], unmet = [];
    plan.subsections.forEach(function (subsection) {
      var earned = 0, possible = 0;
      subsection.components.forEach(function (component) {
        var weight = Number(component.weight);
        var raw = Object.prototype.hasOwnProperty.call(scores, component.key) ? scores[component.key] : null;
        raw = raw === null || raw === undefined ? 0 : Math.min(Math.max(Number(raw), 0), 1);
        earned += raw * weight;
        possible += weight;
        if (component.required !== null && component.required !== undefined && raw < component.required) {
          unmet.push(component.key);
        }
      });
      var percent = possible > 0 ? around2(earned / possible) : 0;
      subsections.push(percent);
      (byType[subsection.format] = byType[subsection.format] || []).push(percent);
    });
    var used = plan.types.filter(function (t) { return t.type in byType; });
    var totalWeight = used.reduce(function (sum, t) { return sum + Number(t.weight); }, 0);
    var total = 0, types = [];
    used.forEach(function (kind) {
      var average = typeAverage(byType[kind.type], kind.min_count, kind.drop_count);
      var share = totalWeight > 0 ? Number(kind.weight) / totalWeight : 0;
      total += average * share;
      types.push({ type: kind.type, average: average, share: share });
    });
    var percent = shownPercent(total);
    return {
      percent: percent,
      passed: used.length > 0 && percent >= plan.pass_mark && unmet.length === 0,
      subsections: subsections,
      types: types,
      unmet: unmet,
    };
  }

  /** What each component counts for in the block's grade, by key (before any drop): its
   * type's share, over the subsections averaged in that type, times its part of its
   * subsection's points. Shown to the learner beside each component's score. */
  function shares(plan) {
    var counts = Object.create(null), result = Object.create(null);
    plan.subsections.forEach(function (s) { counts[s.format] = (counts[s.format] || 0) + 1; });
    var used = plan.types.filter(function (t) { return t.type in counts; });
    var totalWeight = used.reduce(function (sum, t) { return sum + Number(t.weight); }, 0);
    var typeShare = Object.create(null), averaged = Object.create(null);
    used.forEach(function (t) {
      typeShare[t.type] = totalWeight > 0 ? Number(t.weight) / totalWeight : 0;
      averaged[t.type] = Math.max(1, Math.max(counts[t.type], t.min_count) - t.drop_count);
    });
    plan.subsections.forEach(function (s) {
      if (!(s.format in typeShare)) return;
      var possible = s.components.reduce(function (sum, c) { return sum + Number(c.weight); }, 0);
      s.components.forEach(function (c) {
        result[c.key] = possible > 0 ? typeShare[s.format] / averaged[s.format] * Number(c.weight) / possible : 0;
      });
    });
    return result;
  }

  global.InsertionProGrading = { grade: grade, shares: shares, around2: around2, shownPercent: shownPercent };
})(typeof window !== 'undefined' ? window : globalThis);
