/* Partner network: the ecomap the learner builds, drawn as SVG, with drag and drop.
 *
 * Contract (partner-network-view.js codes against it):
 *
 *   var map = new PartnerNetworkMap(container, {
 *     ui: uiStrings,   // MAP_UI (messages_map.py), translated; templates use {name}
 *     id: 'pn-3',      // prefix of every element id the map creates
 *     send: function (payload) { return Promise },  // {type: 'place', partner, domains},
 *                      // {type: 'relate', from, to, relation, two_way} or {type: 'unrelate', from,
 *                      // to}; resolves once the page re-rendered, rejects on a refusal (the
 *                      // page shows the error, the map stays as it was drawn)
 *     select: function (partnerId) {},  // Enter/Space or double click on a partner: the page
 *                      // focuses the keyboard form for it
 *   });
 *   map.render(view);                    // the whole learner view state
 *   map.render(view, {reference: true}); // the reference (view.reference) instead
 *   map.svgDocument();                   // what is drawn, as a standalone SVG document
 *
 * Beyond the contract: when view.reference is there the map shows its own "Show the reference
 * map" toggle (aria-pressed), which calls render(view, {reference: ...}).
 *
 * Drawing. An ecomap (Hartman) with the structure at the centre: the eleven domains are labelled
 * zones framing it (a 4 × 4 grid whose middle 2 × 2 holds the structure; the twelfth cell holds
 * the key). Zones rather than pie sectors because a partner is a chip with a readable name, and
 * chips do not fit a wedge's narrow end. A placed partner sits in the zone of its first domain
 * in DOMAINS order, with "+ …" listing its other domains; chips stack in the view's partner
 * order, so placing one only moves the chips after it in that zone. Partners not placed yet are
 * HTML chips in a tray beside the drawing. Everything is computed from the view (no measuring,
 * no memory of earlier renders): the same view gives the same drawing, built in one pass. A
 * render then updates the live drawing in place (morph): only what changed is touched.
 *
 * Content text (names, labels) is set with textContent or setAttribute only, never as markup.
 */
(function (global) {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var DOMAINS = ('emploi formation social sante logement mobilite garde_enfants langue_numerique '
    + 'handicap justice entreprises').split(' ');

  // Geometry, in viewBox units. At the CSS minimum width (30rem for 720 units) a chip is more
  // than 24 px high and its text about 9 px: below that the drawing scrolls sideways, and the
  // page's list view is the way to work on a phone.
  var COL = 180;
  var WIDTH = 4 * COL;
  var CHIP_W = 156;
  var CHIP_H = 40;
  var PITCH = 48;
  var ZONE_HEAD = 46;  // room for a domain label on two lines
  var ZONE_MIN_ROWS = 3;
  var GAP = 4;  // between a zone's frame and its grid cell
  var STRUCTURE_W = 232;
  var STRUCTURE_H = 66;
  var ARROW = 10;  // length of an arrowhead
  var HANDLE_R = 9;
  var HANDLE_HIT = 16;  // radius of the handle's hit area: 32 units, over 24 px at the minimum width
  var BRACKET_MAX = 40;  // how far a relation between two chips of one zone bows out
  var DRAG_START = 6;  // CSS px a press must move to become a drag: a tap stays a tap
  // Zone cells clockwise from the top-left corner, as [row, column]; the twelfth holds the key.
  var CELLS = [[0, 0], [0, 1], [0, 2], [0, 3], [1, 3], [2, 3], [3, 3], [3, 2], [3, 1], [3, 0],
    [2, 0], [1, 0]];
  var KEY_CELL = CELLS[11];
  var STROKES = { strong: 4, moderate: 1.75, tenuous: 1.75 };
  var INK = '#1f2328';
  var MUTED = '#424a53';
  var BLUE = '#0b5394';

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAll(node, attrs);
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function svgEl(tag, attrs, children) {
    var node = document.createElementNS(SVG, tag);
    setAll(node, attrs);
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function setAll(node, attrs) {
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') node.textContent = attrs.text;
      else if (attrs[key] !== null && attrs[key] !== undefined) node.setAttribute(key, attrs[key]);
    });
  }

  function round(value) { return Math.round(value * 10) / 10; }

  /** Up to `lines` lines of at most `width` characters, cut between words; a text cut short
   * ends with an ellipsis. Characters, not measured pixels: measuring is layout work, and the
   * drawing must come out the same wherever it is made. */
  function wrap(text, width, lines) {
    var words = String(text).split(/\s+/).filter(Boolean);
    var out = [];
    var line = '';
    while (words.length && out.length < lines) {
      var word = words[0];
      if (!line && word.length > width) {
        out.push(word.slice(0, width));
        words[0] = word.slice(width);
      } else if (!line || line.length + 1 + word.length <= width) {
        line = line ? line + ' ' + word : word;
        words.shift();
        continue;
      } else {
        out.push(line);
      }
      line = '';
    }
    if (line && out.length < lines) out.push(line);
    if (words.length && out.length) {
      var last = out[out.length - 1];
      out[out.length - 1] = last.slice(0, Math.max(0, width - 1)).replace(/\s+$/, '') + '…';
    }
    return out;
  }

  /** The domains in DOMAINS order, unknown ones left out: a partner's zone is its first. */
  function canonical(domains) {
    return DOMAINS.filter(function (d) { return domains.indexOf(d) !== -1; });
  }

  function centre(box) { return { x: box.x + box.w / 2, y: box.y + box.h / 2 }; }

  function inside(box, point) {
    return point.x >= box.x && point.x <= box.x + box.w && point.y >= box.y && point.y <= box.y + box.h;
  }

  /** Where the segment from a box's centre toward `point` leaves the box. */
  function edge(box, point) {
    var c = centre(box);
    var dx = point.x - c.x;
    var dy = point.y - c.y;
    if (!dx && !dy) return c;
    var t = Math.min(dx ? box.w / 2 / Math.abs(dx) : Infinity, dy ? box.h / 2 / Math.abs(dy) : Infinity);
    return { x: c.x + dx * t, y: c.y + dy * t };
  }

  /** A point moved `length` units from `from` toward `to`. */
  function toward(from, to, length) {
    var dx = to.x - from.x;
    var dy = to.y - from.y;
    var d = Math.sqrt(dx * dx + dy * dy) || 1;
    return { x: from.x + dx * length / d, y: from.y + dy * length / d };
  }

  function quadAt(curve, t) {
    var u = 1 - t;
    return {
      x: u * u * curve[0].x + 2 * u * t * curve[1].x + t * t * curve[2].x,
      y: u * u * curve[0].y + 2 * u * t * curve[1].y + t * t * curve[2].y,
    };
  }

  function pathOf(curve) {
    return 'M' + round(curve[0].x) + ',' + round(curve[0].y) + ' Q' + round(curve[1].x) + ','
      + round(curve[1].y) + ' ' + round(curve[2].x) + ',' + round(curve[2].y);
  }

  /** A zigzag along a curve (a tie under tension), as ecomaps draw one. */
  function zigzagOf(curve) {
    var a = curve[0];
    var b = curve[2];
    var length = Math.sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y));
    var steps = Math.max(4, Math.round(length / 7));
    var points = [];
    for (var i = 0; i <= steps; i += 1) {
      var t = i / steps;
      var p = quadAt(curve, t);
      var q = quadAt(curve, Math.min(1, t + 0.01));
      var r = quadAt(curve, Math.max(0, t - 0.01));
      var dx = q.x - r.x;
      var dy = q.y - r.y;
      var d = Math.sqrt(dx * dx + dy * dy) || 1;
      var side = i === 0 || i === steps ? 0 : (i % 2 ? 4 : -4);
      points.push(round(p.x - dy / d * side) + ',' + round(p.y + dx / d * side));
    }
    return 'M' + points.join(' L');
  }

  // --- Layout: from the view to boxes, no DOM --------------------------------------------------

  function keyEntries(reference) {
    return ['one_way', 'two_way', 'also'].concat(reference ? ['strong', 'moderate', 'tenuous', 'tension'] : []);
  }

  var KEY_TEXT_CHARS = 19;
  var KEY_LINE = 13;

  function keyHeight(ui, reference) {
    return keyEntries(reference).reduce(function (sum, entry) {
      return sum + wrap(ui['legend.' + entry] || entry, KEY_TEXT_CHARS, 3).length * KEY_LINE + 8;
    }, ZONE_HEAD + GAP * 2);
  }

  /** The boxes of the drawing: a zone per domain, a chip per placed partner, the structure. */
  function layout(domains, partners, placements, minKeyHeight) {
    var members = {};
    domains.forEach(function (d) { members[d] = []; });
    partners.forEach(function (p) {
      var first = (placements[p.id] || [])[0];
      if (first && members[first]) members[first].push(p.id);
    });
    var rows = [0, 0, 0, 0];
    domains.forEach(function (d, i) {
      var needed = ZONE_HEAD + Math.max(members[d].length, ZONE_MIN_ROWS) * PITCH + GAP * 2;
      rows[CELLS[i][0]] = Math.max(rows[CELLS[i][0]], needed);
    });
    rows[KEY_CELL[0]] = Math.max(rows[KEY_CELL[0]], minKeyHeight);
    var tops = [0];
    rows.forEach(function (h, r) { tops.push(tops[r] + h); });
    var cellBox = function (cell) {
      return { x: cell[1] * COL + GAP, y: tops[cell[0]] + GAP, w: COL - 2 * GAP, h: rows[cell[0]] - 2 * GAP };
    };
    var nodes = {};
    var zones = domains.map(function (d, i) {
      var box = cellBox(CELLS[i]);
      members[d].forEach(function (id, k) {
        nodes[id] = {
          x: CELLS[i][1] * COL + (COL - CHIP_W) / 2, y: box.y + ZONE_HEAD + k * PITCH, w: CHIP_W, h: CHIP_H, zone: d,
        };
      });
      return { domain: d, box: box, members: members[d] };
    });
    var middle = (tops[1] + tops[3]) / 2;
    return {
      width: WIDTH,
      height: tops[4],
      zones: zones,
      nodes: nodes,
      key: cellBox(KEY_CELL),
      structure: { x: WIDTH / 2 - STRUCTURE_W / 2, y: middle - STRUCTURE_H / 2, w: STRUCTURE_W, h: STRUCTURE_H },
    };
  }

  /** A relation's curve: straight between zones, a bracket bowing out to the right between two
   * chips of one zone (a straight line would run under the chips between them). Ends are
   * pulled back by an arrowhead's length where one is drawn, so the tip touches the chip. */
  function curveOf(a, b, sameZone, arrowAtStart, arrowAtEnd) {
    var start;
    var end;
    var control;
    if (sameZone) {
      start = { x: a.x + a.w, y: a.y + a.h / 2 };
      end = { x: b.x + b.w, y: b.y + b.h / 2 };
      var bow = Math.min(BRACKET_MAX, 16 + Math.abs(end.y - start.y) / 4) * 2;
      control = { x: start.x + bow, y: (start.y + end.y) / 2 };
    } else {
      start = edge(a, centre(b));
      end = edge(b, centre(a));
      control = { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 };
    }
    if (arrowAtStart) start = toward(start, control, ARROW);
    if (arrowAtEnd) end = toward(end, control, ARROW);
    if (!sameZone) control = { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 };
    return [start, control, end];
  }

  // --- Updating the drawing in place ----------------------------------------------------------
  // A render builds the drawing afresh (detached, cheap) and then brings the live one to it:
  // elements are matched by what they stand for (partner, domain, relation pair), kept when
  // they match, their attributes and text changed only where they differ, so that the browser
  // styles and lays out only what changed, and a focused chip that stays keeps the focus.

  /** What a child stands for among its siblings, or null (matched by tag and rank). */
  function keyOf(node) {
    if (node.nodeType !== 1) return null;
    var partner = node.getAttribute('data-partner');
    if (partner !== null) return 'p:' + partner;
    var domain = node.getAttribute('data-domain');
    if (domain !== null) return 'd:' + domain;
    var structure = node.getAttribute('data-structure');
    if (structure !== null) return 's:' + structure;
    var from = node.getAttribute('data-from');
    if (from !== null) return 'r:' + from + '>' + node.getAttribute('data-to') + ':' + node.getAttribute('class');
    var first = node.firstElementChild;
    if (node.localName === 'li' && first) return keyOf(first);
    return null;
  }

  function keysOf(parent) {
    var keys = [];
    var ranks = {};
    var seen = {};
    for (var child = parent.firstChild; child; child = child.nextSibling) {
      var key = keyOf(child);
      if (key === null) {
        var kind = child.nodeType === 1 ? child.localName : '#' + child.nodeType;
        ranks[kind] = (ranks[kind] || 0) + 1;
        key = kind + '#' + ranks[kind];
      } else {
        key = (child.localName || '') + '|' + key;
        if (seen[key]) { seen[key] += 1; key += '#' + seen[key]; } else seen[key] = 1;
      }
      keys.push(key);
    }
    return keys;
  }

  function leaf(node) {
    return !node.firstElementChild;
  }

  /** Bring the live element to the fresh one, which has the same tag. */
  function morph(live, fresh) {
    if (live.isEqualNode(fresh)) return;  // one native comparison of the whole subtree
    var attrs = fresh.attributes;
    var i;
    for (i = 0; i < attrs.length; i += 1) {
      if (live.getAttribute(attrs[i].name) !== attrs[i].value) live.setAttribute(attrs[i].name, attrs[i].value);
    }
    var old = live.attributes;
    for (i = old.length - 1; i >= 0; i -= 1) {
      if (!fresh.hasAttribute(old[i].name)) live.removeAttribute(old[i].name);
    }
    if (leaf(fresh) && leaf(live)) {
      if (live.textContent !== fresh.textContent) live.textContent = fresh.textContent;
      return;
    }
    morphChildren(live, fresh);
  }

  /** Bring the live element's children to the fresh one's: kept by key, moved, added, removed. */
  function morphChildren(live, fresh) {
    var liveKeys = keysOf(live);
    var byKey = {};
    var child = live.firstChild;
    liveKeys.forEach(function (key) { byKey[key] = child; child = child.nextSibling; });
    var wanted = [];
    var used = {};
    var freshKeys = keysOf(fresh);
    child = fresh.firstChild;
    freshKeys.forEach(function (key) {
      var next = child.nextSibling;
      var found = Object.prototype.hasOwnProperty.call(byKey, key) ? byKey[key] : null;
      if (found && !used[key]) {
        used[key] = true;
        if (found.nodeType === 1) morph(found, child);
        else if (found.nodeValue !== child.nodeValue) found.nodeValue = child.nodeValue;
        wanted.push(found);
      } else {
        wanted.push(child);
      }
      child = next;
    });
    liveKeys.forEach(function (key) {
      if (!used[key]) live.removeChild(byKey[key]);
    });
    var at = live.firstChild;
    wanted.forEach(function (node) {
      if (node === at) at = at.nextSibling;
      else live.insertBefore(node, at);
    });
  }

  // --- The component ---------------------------------------------------------------------------

  function PartnerNetworkMap(container, options) {
    this.root = container;
    this.ui = options.ui || {};
    this.id = options.id || 'pn-map';
    this.sendAction = options.send;
    this.selectPartner = options.select || function () {};
    this.view = null;
    this.reference = false;
    this.busy = false;
    this.press = null;
    this.svg = null;
    this.geometry = null;
    this.build();
  }

  var proto = PartnerNetworkMap.prototype;

  proto.t = function (key, values) {
    var template = Object.prototype.hasOwnProperty.call(this.ui, key) ? this.ui[key] : key;
    return values ? format(template, values) : template;
  };

  proto.domainLabel = function (d) { return this.t('domain.' + d); };
  proto.kindLabel = function (k) { return this.t('kind.' + k); };

  /** The parts that outlive renders: status lines, the reference toggle, the drawing's place,
   * the tray, the live region and the dialog (a render must not close an open dialog). */
  proto.build = function () {
    var self = this;
    var root = this.root;
    root.textContent = '';
    root.classList.add('pn-map');
    this.summary = el('p', { id: this.id + '-map-summary', class: 'pn-map-summary' });
    this.help = el('p', { id: this.id + '-map-help', class: 'pn-map-help' });
    this.toggle = el('button', {
      type: 'button', class: 'pn-map-button', 'aria-pressed': 'false', text: this.t('show_reference'),
    });
    this.toggle.hidden = true;
    this.toggle.addEventListener('click', function () {
      self.render(self.view, { reference: !self.reference });
    });
    // On a narrow phone the drawing scrolls sideways: its frame takes the focus, so that the
    // arrow keys scroll it even when no partner is drawn yet.
    this.canvas = el('div', {
      class: 'pn-map-canvas', tabindex: '0', role: 'region', 'aria-labelledby': this.id + '-map-summary',
    });
    this.trayLabel = el('p', { id: this.id + '-tray-label', class: 'pn-map-tray-label' });
    this.trayList = el('ul', { class: 'pn-map-tray-list' });
    this.tray = el('div', {
      class: 'pn-map-tray', role: 'group', 'aria-labelledby': this.id + '-tray-label',
    }, [this.trayLabel, this.trayList]);
    this.live = el('p', { class: 'pn-map-sr-only', 'aria-live': 'polite' });
    this.dialog = el('dialog', { class: 'pn-map-dialog', 'aria-labelledby': this.id + '-dialog-title' });
    this.dialog.addEventListener('close', function () { self.dialogClosed(); });
    [
      el('div', { class: 'pn-map-toolbar' }, [this.summary, this.toggle]),
      this.help,
      el('div', { class: 'pn-map-body' }, [this.canvas, this.tray]),
      this.live,
      this.dialog,
    ].forEach(function (part) { root.appendChild(part); });
    // One listener of each kind for the whole map, whatever it draws.
    root.addEventListener('pointerdown', function (event) { self.pointerDown(event); });
    root.addEventListener('keydown', function (event) { self.keyDown(event); });
    root.addEventListener('dblclick', function (event) {
      var partner = self.partnerOf(event.target);
      if (partner) self.selectPartner(partner);
    });
    this.moveListener = function (event) { self.pointerMove(event); };
    this.upListener = function (event) { self.pointerUp(event); };
    this.cancelListener = function () { self.endPress(); };
    this.escapeListener = function (event) {
      if (event.key === 'Escape') { event.preventDefault(); self.endPress(); }
    };
  };

  /** What the map draws now: the learner's placements and relations, or the reference's. */
  proto.drawn = function () {
    var view = this.view;
    if (this.reference) {
      var placements = {};
      Object.keys(view.reference.placements || {}).forEach(function (id) {
        placements[id] = canonical(view.reference.placements[id]);
      });
      return { placements: placements, relations: view.reference.relations || [] };
    }
    var placed = {};
    view.map.placed.forEach(function (p) { placed[p.partner] = canonical(p.domains); });
    return { placements: placed, relations: view.map.relations };
  };

  proto.editable = function () {
    return Boolean(this.view && this.view.map && !this.view.submitted && !this.reference);
  };

  proto.render = function (view, options) {
    this.view = view;
    this.reference = Boolean(options && options.reference && view.reference);
    if (this.press) this.endPress();
    var focused = this.focusedPartner();
    if (!view.map) return;  // no map task: the page draws no map
    var drawn = this.drawn();
    this.partners = {};
    view.partners.forEach(function (p) { this.partners[p.id] = p; }, this);
    this.placements = drawn.placements;
    var domains = view.map.domains && view.map.domains.length ? view.map.domains : DOMAINS;
    this.geometry = layout(domains, view.partners, drawn.placements, keyHeight(this.ui, this.reference));
    var svg = this.drawing(drawn.relations);
    if (this.svg && this.svg.parentNode === this.canvas) morph(this.svg, svg);
    else {
      this.canvas.textContent = '';
      this.canvas.appendChild(svg);
      this.svg = svg;
    }
    this.renderTray();
    this.renderStatus(drawn.relations);
    this.restoreFocus(focused);
  };

  proto.renderStatus = function (relations) {
    var view = this.view;
    var hidden = this.reference ? 0 : relations.filter(function (r) { return !this.drawable(r); }, this).length;
    var summary = this.reference
      ? this.t('reference_summary', { total: view.partners.length, relations: relations.length })
      : this.t('map_summary', {
        placed: view.map.placed.length, total: view.partners.length, relations: relations.length,
        max: view.map.max_relations,
      });
    if (hidden) summary += ' ' + this.t('off_map_relations', { count: hidden });
    this.summary.textContent = summary;
    this.help.textContent = this.editable() ? this.t('help') : (view.submitted && !this.reference ? this.t('help_submitted') : '');
    this.help.hidden = !this.help.textContent;
    this.toggle.hidden = !view.reference;
    this.toggle.setAttribute('aria-pressed', String(this.reference));
    this.root.classList.toggle('pn-map-editable', this.editable());
  };

  // --- Drawing ---------------------------------------------------------------------------------

  proto.drawing = function (relations) {
    var g = this.geometry;
    var view = this.view;
    var title = this.t(this.reference ? 'reference_title' : 'map_title', { name: view.structure.name });
    var svg = svgEl('svg', {
      class: 'pn-map-svg', viewBox: '0 0 ' + g.width + ' ' + g.height, role: 'group',
      'aria-labelledby': this.id + '-map-title', 'aria-describedby': this.id + '-map-summary',
      'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    }, [
      svgEl('title', { id: this.id + '-map-title', text: title }),
      this.markers(),
    ]);
    svg.appendChild(this.zonesLayer());
    svg.appendChild(this.keyGroup());
    svg.appendChild(this.relationsLayer(relations));
    svg.appendChild(this.nodesLayer());
    return svg;
  };

  proto.markers = function () {
    // One arrowhead, in user units so that thick and thin lines carry the same arrow; its base
    // sits at the end of the line (which curveOf pulled back), its tip on the chip.
    return svgEl('defs', {}, [
      svgEl('marker', {
        id: this.id + '-arrow', viewBox: '0 0 10 10', refX: '0', refY: '5', markerWidth: String(ARROW),
        markerHeight: String(ARROW), markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse',
      }, [svgEl('path', { d: 'M0,0 L10,5 L0,10 z', fill: INK })]),
      svgEl('g', { id: this.id + '-handle' }, [
        svgEl('circle', { r: HANDLE_HIT, fill: 'transparent' }),
        svgEl('circle', { r: HANDLE_R, fill: '#fff', stroke: BLUE, 'stroke-width': 1.5 }),
        svgEl('path', { d: 'M-4,0 H4 M0,-4 V4', stroke: BLUE, 'stroke-width': 2 }),
      ]),
    ]);
  };

  proto.zonesLayer = function () {
    var layer = svgEl('g', { class: 'pn-map-zones', 'aria-hidden': 'true' });
    this.geometry.zones.forEach(function (zone) {
      var b = zone.box;
      var label = wrap(this.domainLabel(zone.domain), 17, 2);
      layer.appendChild(svgEl('g', { class: 'pn-map-zone', 'data-domain': zone.domain }, [
        svgEl('rect', {
          x: b.x, y: b.y, width: b.w, height: b.h, rx: 10, fill: '#f6f8fa', stroke: '#8c959f', 'stroke-width': 1,
        }),
        this.lines(label, b.x + 10, b.y + 18, 16, { 'font-size': 14, 'font-weight': 700, fill: INK }),
      ]));
    }, this);
    return layer;
  };

  /** A <text> of several lines (tspans), each `step` units below the one before. */
  proto.lines = function (lines, x, y, step, attrs) {
    var text = svgEl('text', Object.assign({ x: x, y: y }, attrs));
    if (lines.length === 1) text.textContent = lines[0];
    else {
      // A space ends each line but the last, so that the text reads as words, not "bothends".
      lines.forEach(function (line, i) {
        text.appendChild(svgEl('tspan', { x: x, y: round(y + i * step), text: i < lines.length - 1 ? line + ' ' : line }));
      });
    }
    return text;
  };

  proto.keyGroup = function () {
    var b = this.geometry.key;
    var group = svgEl('g', { class: 'pn-map-key' }, [
      svgEl('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx: 10, fill: '#fff', stroke: '#8c959f' }),
      svgEl('text', { x: b.x + 10, y: b.y + 18, 'font-size': 14, 'font-weight': 700, fill: INK, text: this.t('legend') }),
    ]);
    var y = b.y + ZONE_HEAD - 8;
    keyEntries(this.reference).forEach(function (entry) {
      var lines = wrap(this.t('legend.' + entry), KEY_TEXT_CHARS, 3);
      group.appendChild(this.sample(entry, b.x + 10, y + 5));
      group.appendChild(this.lines(lines, b.x + 54, y + 9, KEY_LINE, { 'font-size': 11, fill: INK }));
      y += lines.length * KEY_LINE + 8;
    }, this);
    return group;
  };

  /** The small drawing a key entry explains. */
  proto.sample = function (entry, x, y) {
    if (entry === 'also') {
      return svgEl('text', { x: x + 4, y: y + 4, 'font-size': 12, 'font-weight': 700, fill: MUTED, text: '+' });
    }
    var curve = [{ x: x, y: y }, { x: x + 17, y: y }, { x: x + 36, y: y }];
    var tie = {
      one_way: { strength: 'moderate', end: true },
      two_way: { strength: 'moderate', start: true, end: true },
      strong: { strength: 'strong' },
      moderate: { strength: 'moderate' },
      tenuous: { strength: 'tenuous' },
      tension: { strength: 'moderate', tension: true },
    }[entry];
    if (tie.end) curve[2] = { x: x + 36 - ARROW, y: y };
    if (tie.start) curve[0] = { x: x + ARROW, y: y };
    var line = this.stroke(curve, tie.strength, tie.tension, tie.start, tie.end);
    line.setAttribute('class', 'pn-map-sample');
    return line;
  };

  /** The visible line of a tie: its thickness and dashes say its strength, a zigzag its
   * tension, arrowheads its direction (shapes, so nothing rests on colour). */
  proto.stroke = function (curve, strength, tension, arrowStart, arrowEnd) {
    var marker = 'url(#' + this.id + '-arrow)';
    return svgEl('path', {
      class: 'pn-map-line', d: tension ? zigzagOf(curve) : pathOf(curve), fill: 'none', stroke: INK,
      'stroke-width': STROKES[strength] || STROKES.moderate,
      'stroke-dasharray': strength === 'tenuous' ? '7 5' : null,
      'stroke-linejoin': 'round',
      'marker-start': arrowStart ? marker : null, 'marker-end': arrowEnd ? marker : null,
      'data-strength': strength,
      'data-tension': tension ? 'true' : null,
    });
  };

  proto.boxOf = function (nodeId) {
    if (nodeId === this.view.structure.id) return this.geometry.structure;
    return this.geometry.nodes[nodeId] || null;
  };

  proto.nameOf = function (nodeId) {
    if (nodeId === this.view.structure.id) return this.view.structure.name;
    return this.partners[nodeId] ? this.partners[nodeId].name : nodeId;
  };

  proto.drawable = function (relation) {
    return Boolean(this.boxOf(relation.from) && this.boxOf(relation.to));
  };

  /** Each tie: its line, its label (in a layer above every line) and, where the learner can
   * remove it, a wide transparent stroke beneath that takes the click (a 2-unit line is too
   * thin to click, let alone to tap). Shared presentation sits on the layers: a 40-partner map
   * draws hundreds of elements, each one costs. */
  proto.relationsLayer = function (relations) {
    var layer = svgEl('g', { class: 'pn-map-relations', fill: 'none', stroke: INK, 'stroke-linejoin': 'round' });
    var labels = svgEl('g', {
      class: 'pn-map-relation-labels', 'aria-hidden': 'true', 'pointer-events': 'none', 'text-anchor': 'middle',
      'font-size': 11, fill: INK,
      stroke: '#fff', 'stroke-width': 4, 'paint-order': 'stroke', 'stroke-linejoin': 'round',
    });
    var types = {};
    this.view.map.relation_types.forEach(function (t) { types[t.id] = t.label; });
    var editable = this.editable();
    var structure = this.view.structure.id;
    relations.forEach(function (relation) {
      if (!this.drawable(relation)) return;
      var a = this.boxOf(relation.from);
      var b = this.boxOf(relation.to);
      var label = types[relation.relation] || relation.relation;
      var curve = curveOf(a, b, Boolean(a.zone) && a.zone === b.zone, relation.two_way, true);
      var line = this.stroke(curve, this.reference ? relation.strength : 'moderate',
        this.reference && relation.tension, relation.two_way, true);
      var named = line;
      if (editable) {
        named = svgEl('path', { class: 'pn-map-hit', d: line.getAttribute('d'), stroke: 'transparent', 'stroke-width': 18 });
        line.setAttribute('pointer-events', 'none');
        layer.appendChild(named);
      }
      setAll(named, { role: editable ? 'button' : 'img', 'aria-label': this.relationLabel(relation, label) });
      [named, line].forEach(function (path) {
        setAll(path, {
          'data-from': relation.from, 'data-to': relation.to, 'data-relation': relation.relation,
          'data-two-way': String(Boolean(relation.two_way)),
        });
      });
      named.classList.add('pn-map-relation');
      layer.appendChild(line);
      // Ties to the structure fan out from it: their labels go near the partner's end, where
      // the lines are a chip apart, rather than where they all meet.
      var at = quadAt(curve, relation.to === structure ? 0.22 : (relation.from === structure ? 0.78 : 0.5));
      labels.appendChild(svgEl('text', { x: round(at.x), y: round(at.y + 4), text: wrap(label, 30, 1)[0] || '' }));
    }, this);
    layer.appendChild(labels);
    return layer;
  };

  proto.relationLabel = function (relation, label) {
    var names = { source: this.nameOf(relation.from), target: this.nameOf(relation.to), relation: label };
    var text = this.t(relation.two_way ? 'relation_two_way' : 'relation_one_way', names);
    if (this.reference) {
      text += '. ' + this.t('relation_tie', { strength: this.t('strength.' + relation.strength) });
      if (relation.tension) text += ' ' + this.t('relation_tension');
    }
    return text;
  };

  /** The structure, then each chip in reading order (the order of Tab and of the arrows). */
  proto.nodesLayer = function () {
    var layer = svgEl('g', { class: 'pn-map-nodes', 'font-size': 12.5, 'font-weight': 600, fill: INK });
    // The "+ other domains" marks are drawn over the chips but outside them: a chip shows its
    // name (perhaps cut short), which must be part of its accessible name, as speech control
    // users say what they see; its aria-label names the domains in full.
    var marks = svgEl('g', { class: 'pn-map-marks', 'aria-hidden': 'true', 'pointer-events': 'none', 'font-size': 10.5, fill: MUTED });
    layer.appendChild(this.structureNode());
    var linkable = this.editable() && this.view.map.relation_types.length > 0;
    this.geometry.zones.forEach(function (zone) {
      zone.members.forEach(function (id) {
        layer.appendChild(this.partnerNode(id, linkable));
        var others = this.placements[id].slice(1).map(this.domainLabel, this);
        var b = this.geometry.nodes[id];
        if (others.length) {
          marks.appendChild(svgEl('text', {
            x: b.x + 8, y: b.y + 32, text: wrap(this.t('also', { domains: others.join(', ') }), 26, 1)[0],
          }));
        }
      }, this);
    }, this);
    layer.appendChild(marks);
    return layer;
  };

  proto.structureNode = function () {
    var s = this.view.structure;
    var b = this.geometry.structure;
    var name = wrap(s.name, 28, 2);
    var group = svgEl('g', {
      class: 'pn-map-structure', 'data-structure': s.id, role: 'img',
      'aria-label': this.t('structure_label', { name: s.name, kind: this.kindLabel(s.kind) }),
    }, [
      svgEl('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx: 12, fill: BLUE, stroke: INK, 'stroke-width': 1.5 }),
      this.lines(name, b.x + b.w / 2, b.y + (name.length > 1 ? 22 : 30), 16,
        { 'text-anchor': 'middle', 'font-size': 14, 'font-weight': 700, fill: '#fff' }),
      svgEl('text', {
        x: b.x + b.w / 2, y: b.y + b.h - 10, 'text-anchor': 'middle', 'font-size': 11, fill: '#fff',
        text: wrap(this.kindLabel(s.kind), 36, 1)[0] || '',
      }),
    ]);
    return group;
  };

  proto.partnerNode = function (id, linkable) {
    var p = this.partners[id];
    var b = this.geometry.nodes[id];
    var domains = this.placements[id];
    var others = domains.slice(1).map(this.domainLabel, this);
    var name = wrap(p.name, 18, others.length ? 1 : 2);
    var group = svgEl('g', {
      class: 'pn-map-node', id: this.id + '-node-' + id, 'data-partner': id, role: 'button', tabindex: '0',
      'aria-label': this.t('node_label', {
        name: p.name, kind: this.kindLabel(p.kind), domains: domains.map(this.domainLabel, this).join(', '),
      }),
    }, [
      svgEl('rect', {
        class: 'pn-map-box', x: b.x, y: b.y, width: b.w, height: b.h, rx: 6, fill: '#fff', stroke: BLUE, 'stroke-width': 1.5,
      }),
      this.lines(name, b.x + 8, b.y + (name.length > 1 || others.length ? 16 : 25), 15, {}),
    ]);
    // The round handle a relation is drawn from (a touch screen has no modifier key): one
    // shape in <defs>, used by every chip.
    if (linkable) {
      group.appendChild(svgEl('use', {
        class: 'pn-map-handle', href: '#' + this.id + '-handle', x: b.x + b.w, y: b.y + b.h / 2,
        'data-handle': 'true', 'aria-hidden': 'true',
      }));
    }
    return group;
  };

  // --- The tray --------------------------------------------------------------------------------

  proto.renderTray = function () {
    var waiting = this.reference ? [] : this.view.partners.filter(function (p) { return !this.placements[p.id]; }, this);
    this.tray.hidden = this.reference;
    this.trayLabel.textContent = waiting.length ? this.t('tray', { count: waiting.length }) : this.t('tray_empty');
    var editable = this.editable();
    var list = el('ul');
    this.trayList.hidden = !waiting.length;
    waiting.forEach(function (p) {
      var kind = this.kindLabel(p.kind);
      // Named by what it shows (name, then kind), inside the group "Partners to place".
      list.appendChild(el('li', {}, [el('button', {
        type: 'button', class: 'pn-map-chip', 'data-partner': p.id, 'data-draggable': editable ? 'true' : null,
      }, [
        el('span', { class: 'pn-map-chip-name', text: p.name }),
        el('span', { class: 'pn-map-chip-kind', text: kind }),
      ])]));
    }, this);
    morphChildren(this.trayList, list);
  };

  // --- Focus and keyboard ----------------------------------------------------------------------

  proto.partnerOf = function (target) {
    var found = target && target.closest && target.closest('[data-partner]');
    return found && this.root.contains(found) ? found.getAttribute('data-partner') : null;
  };

  proto.focusedPartner = function () {
    var active = document.activeElement;
    return active && this.root.contains(active) ? this.partnerOf(active) : null;
  };

  /** After a render, focus goes back to the partner that had it, wherever it is now drawn. */
  proto.restoreFocus = function (partner) {
    if (!partner || this.dialog.open) return;
    var found = this.partnerElements().filter(function (node) {
      return node.getAttribute('data-partner') === partner;
    })[0];
    if (found) found.focus({ preventScroll: true });
  };

  proto.partnerElements = function () {
    return Array.prototype.slice.call(this.root.querySelectorAll('.pn-map-node, .pn-map-chip'));
  };

  var MOVES = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

  proto.keyDown = function (event) {
    var target = event.target.closest && event.target.closest('.pn-map-node, .pn-map-chip');
    if (!target || this.dialog.contains(target)) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();  // a button would also "click": the form is the one answer
      this.selectPartner(target.getAttribute('data-partner'));
      return;
    }
    // Arrows move among the drawing's nodes, or among the tray's chips: each in reading order.
    var kind = target.classList.contains('pn-map-node') ? 'pn-map-node' : 'pn-map-chip';
    var group = this.partnerElements().filter(function (node) { return node.classList.contains(kind); });
    var at = group.indexOf(target);
    var next = null;
    if (MOVES[event.key]) next = group[(at + MOVES[event.key] + group.length) % group.length];
    else if (event.key === 'Home') next = group[0];
    else if (event.key === 'End') next = group[group.length - 1];
    if (!next) return;
    event.preventDefault();
    next.focus();
  };

  // --- Drag and drop ---------------------------------------------------------------------------

  proto.pointerDown = function (event) {
    if (this.busy || this.press || !this.editable() || event.button !== 0 || !event.isPrimary) return;
    var target = event.target;
    var partner = this.partnerOf(target);
    var onHandle = Boolean(target.closest('[data-handle]'));
    var structure = target.closest('[data-structure]');
    var relation = target.closest('.pn-map-relation');
    var onMap = Boolean(partner && target.closest('.pn-map-node'));
    var modifier = event.shiftKey || event.altKey || event.ctrlKey || event.metaKey;
    var press = { x: event.clientX, y: event.clientY, pointer: event.pointerId, started: false };
    if (structure || (onMap && (onHandle || modifier))) {
      if (!this.view.map.relation_types.length) return;
      press.kind = 'link';
      press.source = structure ? this.view.structure.id : partner;
    } else if (partner) {
      press.kind = 'place';
      press.source = partner;
      press.fromMap = onMap;
    } else if (relation) {
      press.kind = 'relation';
      press.relation = relation;
    } else {
      return;
    }
    this.press = press;
    document.addEventListener('pointermove', this.moveListener);
    document.addEventListener('pointerup', this.upListener);
    document.addEventListener('pointercancel', this.cancelListener);
    document.addEventListener('keydown', this.escapeListener, true);
  };

  /** Client pixels to drawing units, with the matrix read once when the drag starts. */
  proto.toDrawing = function (x, y) {
    var m = this.press.matrix;
    return { x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f };
  };

  proto.pointerMove = function (event) {
    var press = this.press;
    if (!press || event.pointerId !== press.pointer) return;
    if (!press.started) {
      if (Math.abs(event.clientX - press.x) + Math.abs(event.clientY - press.y) < DRAG_START) return;
      if (press.kind === 'relation') return;
      this.startDrag(press);
    }
    event.preventDefault();
    press.point = this.toDrawing(event.clientX, event.clientY);
    press.client = { x: event.clientX, y: event.clientY };
    if (press.ghost) press.ghost.style.transform = 'translate(' + (event.clientX + 12) + 'px,' + (event.clientY + 12) + 'px)';
    if (press.line) {
      press.line.setAttribute('x2', round(press.point.x));
      press.line.setAttribute('y2', round(press.point.y));
    }
    this.hover(this.dropTarget(press));
  };

  proto.startDrag = function (press) {
    press.started = true;
    press.matrix = this.svg.getScreenCTM().inverse();
    press.trayBox = this.tray.getBoundingClientRect();
    press.element = this.partnerElements().filter(function (node) {
      return node.getAttribute('data-partner') === press.source;
    })[0] || this.svg.querySelector('.pn-map-structure');
    press.element.classList.add('pn-map-dragged');
    this.root.classList.add('pn-map-dragging');
    if (press.kind === 'link') {
      var from = centre(this.boxOf(press.source));
      press.line = svgEl('line', {
        class: 'pn-map-draft', x1: round(from.x), y1: round(from.y), x2: round(from.x), y2: round(from.y),
        stroke: INK, 'stroke-width': 2, 'stroke-dasharray': '4 4', 'pointer-events': 'none',
      });
      this.svg.appendChild(press.line);
    } else {
      // A ghost follows the pointer: the chip itself cannot leave the tray's scrolling box.
      press.ghost = el('div', { class: 'pn-map-ghost', 'aria-hidden': 'true', text: this.nameOf(press.source) });
      this.root.appendChild(press.ghost);
    }
  };

  /** What is under the pointer: {tray}, {domain} or {node} (link drags), or null. */
  proto.dropTarget = function (press) {
    var point = press.point;
    if (press.kind === 'link') {
      var ids = Object.keys(this.geometry.nodes).concat([this.view.structure.id]);
      var over = ids.filter(function (id) { return id !== press.source && inside(this.boxOf(id), point); }, this)[0];
      return over ? { node: over } : null;
    }
    var t = press.trayBox;
    if (press.client.x >= t.left && press.client.x <= t.right && press.client.y >= t.top && press.client.y <= t.bottom) {
      return press.fromMap ? { tray: true } : null;
    }
    var zone = this.geometry.zones.filter(function (z) { return inside(z.box, point); })[0];
    return zone ? { domain: zone.domain } : null;
  };

  /** Mark the drop target: a thicker, dashed frame (not a colour alone). */
  proto.hover = function (target) {
    var key = target ? (target.domain || target.node || 'tray') : '';
    if (this.press.hovered === key) return;
    this.press.hovered = key;
    Array.prototype.forEach.call(this.root.querySelectorAll('.pn-map-over'), function (node) {
      node.classList.remove('pn-map-over');
    });
    var found = null;
    if (target && target.tray) found = this.tray;
    else if (target && target.domain) found = this.svg.querySelector('.pn-map-zone[data-domain="' + target.domain + '"]');
    else if (target && target.node) {
      found = target.node === this.view.structure.id ? this.svg.querySelector('.pn-map-structure')
        : this.svg.querySelector('.pn-map-node[data-partner="' + target.node + '"]');
    }
    if (found) found.classList.add('pn-map-over');
  };

  proto.pointerUp = function (event) {
    var press = this.press;
    if (!press || event.pointerId !== press.pointer) return;
    var target = press.started ? this.dropTarget(press) : null;
    var relation = !press.started && press.kind === 'relation' ? press.relation : null;
    this.endPress();
    if (relation) this.askUnrelate(relation);
    else if (target && press.kind === 'link') this.askRelate(press.source, target.node);
    else if (target) this.drop(press.source, target);
  };

  proto.endPress = function () {
    var press = this.press;
    if (!press) return;
    this.press = null;
    document.removeEventListener('pointermove', this.moveListener);
    document.removeEventListener('pointerup', this.upListener);
    document.removeEventListener('pointercancel', this.cancelListener);
    document.removeEventListener('keydown', this.escapeListener, true);
    if (press.ghost) press.ghost.remove();
    if (press.line) press.line.remove();
    if (press.element) press.element.classList.remove('pn-map-dragged');
    this.root.classList.remove('pn-map-dragging');
    Array.prototype.forEach.call(this.root.querySelectorAll('.pn-map-over'), function (node) {
      node.classList.remove('pn-map-over');
    });
  };

  /** A chip dropped in a zone gets that domain; a node dropped in another zone moves there (its
   * first domain replaced, the others kept); a node dropped on the tray leaves the map. */
  proto.drop = function (partner, target) {
    var name = this.nameOf(partner);
    var current = this.placements[partner] || [];
    if (target.tray) {
      this.act({ type: 'place', partner: partner, domains: [] }, this.t('taken_off', { name: name }));
      return;
    }
    var domains = canonical([target.domain].concat(current.slice(1)));
    if (domains.join(' ') === current.join(' ')) return;
    this.act({ type: 'place', partner: partner, domains: domains },
      this.t('placed_in', { name: name, domain: this.domainLabel(target.domain) }));
  };

  /** Send one action; one at a time. A refusal is the page's to show: the map stays drawn as
   * it was, since only a render changes it. */
  proto.act = function (payload, done) {
    var self = this;
    self.busy = true;
    self.root.setAttribute('aria-busy', 'true');
    var finish = function () { self.busy = false; self.root.setAttribute('aria-busy', 'false'); };
    return Promise.resolve().then(function () { return self.sendAction(payload); }).then(function () {
      finish();
      self.live.textContent = done;
    }, finish);
  };

  // --- The dialog: which relation to draw, or whether to remove one ----------------------------

  proto.openDialog = function (title, fields, confirmLabel, onConfirm, returnTo) {
    var self = this;
    var confirm = el('button', { type: 'submit', class: 'pn-map-button', text: confirmLabel });
    var cancel = el('button', { type: 'button', class: 'pn-map-button pn-map-secondary', text: this.t('cancel') });
    var form = el('form', { class: 'pn-map-form' }, [
      el('p', { id: this.id + '-dialog-title', class: 'pn-map-dialog-title', text: title }),
    ].concat(fields, [el('div', { class: 'pn-map-actions' }, [confirm, cancel])]));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var action = onConfirm();
      self.dialog.close();
      self.act(action.payload, action.done);
    });
    cancel.addEventListener('click', function () { self.dialog.close(); });
    this.returnTo = returnTo;
    this.dialog.textContent = '';
    this.dialog.appendChild(form);
    this.dialog.showModal();
    (form.querySelector('select') || confirm).focus();
  };

  /** Focus goes back to the partner the relation starts from: by id, since the render that
   * follows a confirmed dialog has replaced its element. */
  proto.dialogClosed = function () {
    var back = this.returnTo && this.nodeElement(this.returnTo);
    this.returnTo = null;
    if (back) back.focus({ preventScroll: true });
  };

  proto.nodeElement = function (id) {
    return this.partnerElements().filter(function (node) { return node.getAttribute('data-partner') === id; })[0] || null;
  };

  proto.askRelate = function (from, to) {
    var self = this;
    var names = { source: this.nameOf(from), target: this.nameOf(to) };
    var types = this.view.map.relation_types;
    var meaning = el('p', { id: this.id + '-type-meaning', class: 'pn-map-meaning' });
    var select = el('select', { id: this.id + '-type', 'aria-describedby': this.id + '-type-meaning' },
      types.map(function (t) { return el('option', { value: t.id, text: t.label }); }));
    var showMeaning = function () {
      var found = types.filter(function (t) { return t.id === select.value; })[0];
      meaning.textContent = found ? found.meaning : '';
    };
    select.addEventListener('change', showMeaning);
    showMeaning();
    var twoWay = el('input', { type: 'checkbox', id: this.id + '-two-way' });
    var fields = [
      el('label', { for: this.id + '-type', text: this.t('relation_type') }),
      select,
      meaning,
      el('p', { class: 'pn-map-check' }, [twoWay, el('label', { for: this.id + '-two-way', text: this.t('direction.two_way') })]),
    ];
    this.openDialog(this.t('relate_title', names), fields, this.t('relate_confirm'), function () {
      return {
        payload: { type: 'relate', from: from, to: to, relation: select.value, two_way: twoWay.checked },
        done: self.t('related', names),
      };
    }, this.partners[from] ? from : to);
  };

  proto.askUnrelate = function (group) {
    var self = this;
    var from = group.getAttribute('data-from');
    var to = group.getAttribute('data-to');
    var type = group.getAttribute('data-relation');
    var found = this.view.map.relation_types.filter(function (t) { return t.id === type; })[0];
    var names = { source: this.nameOf(from), target: this.nameOf(to), relation: found ? found.label : type };
    this.openDialog(this.t('unrelate_title', names), [], this.t('unrelate_confirm'), function () {
      return { payload: { type: 'unrelate', from: from, to: to }, done: self.t('unrelated', names) };
    }, this.partners[from] ? from : to);
  };

  // --- The learner's copy ----------------------------------------------------------------------

  /** What is drawn, as a standalone SVG document: a copy of the drawing without what only the
   * page needs (focus stops, handles, hit areas), on white, with a <desc> of its counts and a
   * text list of every partner below it, since chips show names cut short. Serialised by
   * XMLSerializer, so whatever a name holds comes out escaped. */
  proto.svgDocument = function () {
    if (!this.svg) return '';
    var copy = this.svg.cloneNode(true);
    var each = function (selector, action) { Array.prototype.forEach.call(copy.querySelectorAll(selector), action); };
    each('.pn-map-handle, .pn-map-draft, .pn-map-hit, #' + this.id + '-handle', function (node) { node.remove(); });
    each('[role="button"]', function (node) {
      // A tooltip in SVG viewers; there is nothing to press in a file.
      node.insertBefore(svgEl('title', { text: node.getAttribute('aria-label') }), node.firstChild);
      node.removeAttribute('tabindex');
      node.setAttribute('role', 'img');
    });
    each('[class]', function (node) { node.removeAttribute('class'); });
    copy.removeAttribute('aria-describedby');
    var title = copy.querySelector('title');
    title.parentNode.insertBefore(svgEl('desc', { text: this.summary.textContent }), title.nextSibling);
    var top = this.geometry.height + 24;
    var list = this.partnerList(top);
    var height = top + list.lines * 17 + 12;
    copy.insertBefore(svgEl('rect', { width: '100%', height: '100%', fill: '#fff' }), copy.querySelector('defs'));
    copy.appendChild(list.group);
    setAll(copy, { viewBox: '0 0 ' + this.geometry.width + ' ' + height, width: this.geometry.width, height: height });
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
  };

  /** Every partner with its kind and domains, a line each (wrapped when long). */
  proto.partnerList = function (top) {
    var group = svgEl('g', { 'font-size': 12, fill: INK }, [
      svgEl('text', { x: 8, y: top, 'font-size': 14, 'font-weight': 700, text: this.t('export_partners') }),
    ]);
    var count = 1;
    this.view.partners.forEach(function (p) {
      var domains = this.placements[p.id];
      var line = this.t('export_partner', {
        name: p.name, kind: this.kindLabel(p.kind),
        domains: domains ? domains.map(this.domainLabel, this).join(', ') : this.t('export_not_placed'),
      });
      var lines = wrap(line, 110, 4);
      group.appendChild(this.lines(lines, 8, top + count * 17, 17, {}));
      count += lines.length;
    }, this);
    return { group: group, lines: count };
  };

  global.PartnerNetworkMap = PartnerNetworkMap;
})(typeof window !== 'undefined' ? window : globalThis);
