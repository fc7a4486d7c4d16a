/* Deterministic shuffles, the twin of xblocks/common/shuffle.py (see its docstring): FNV-1a over
 * the key's UTF-8 bytes seeds mulberry32, which drives a Fisher-Yates shuffle. The shared
 * vectors in tests/vectors/shuffle/ hold the two equal.
 */
(function (root, factory) {
  const shuffle = factory();
  if (typeof module !== 'undefined' && module.exports) module.exports = shuffle;
  else root.InsertionProShuffle = shuffle;
})(typeof globalThis !== 'undefined' ? globalThis : this, function () {
  'use strict';

  function keyHash(key) {
    let value = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(key)) {
      value = Math.imul(value ^ byte, 0x01000193) >>> 0;
    }
    return value;
  }

  function numbers(seed) {
    let state = seed >>> 0;
    return function next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1) >>> 0;
      t = (t ^ ((t + Math.imul(t ^ (t >>> 7), t | 61)) >>> 0)) >>> 0;
      return (t ^ (t >>> 14)) >>> 0;
    };
  }

  function shuffled(items, key) {
    const result = items.slice();
    const next = numbers(keyHash(key));
    for (let last = result.length - 1; last > 0; last -= 1) {
      const other = next() % (last + 1);
      [result[last], result[other]] = [result[other], result[last]];
    }
    return result;
  }

  const orderKey = (...parts) => parts.map(String).join('|');

  return { keyHash, shuffled, orderKey };
});
