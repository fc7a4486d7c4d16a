/* Interview simulation: the learner-facing view, shared by Open edX, SCORM and Studio preview.
 *
 * It renders a view state (see engine.view in Python) and sends the learner's actions to a
 * transport; it never decides anything itself. Content text is set with textContent only, so
 * whatever a scenario or a learner wrote is shown as text, never as markup.
 */
(function (global) {
  'use strict';

  var PHASES = ['accueil', 'exploration', 'diagnostic', 'co_construction', 'contractualisation'];
  var SVG = 'http://www.w3.org/2000/svg';
  var instances = 0;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') node.textContent = attrs.text;
      else if (key === 'className') node.className = attrs.className;
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function percent(value) { return Math.round(value * 100); }

  function View(root, options) {
    this.root = root;
    this.transport = options.transport;
    this.ui = options.ui;
    this.capacities = options.capacities || {};
    this.id = 'ip-interview-' + (++instances);
    this.busy = false;
    this.state = null;
    this.live = el('div', { className: 'ip-sr-only', 'aria-live': 'polite', 'aria-atomic': 'false' });
    this.body = el('div', { className: 'ip-body' });
    root.textContent = '';
    root.appendChild(this.body);
    root.appendChild(this.live);
    root.setAttribute('aria-busy', 'false');
  }

  View.prototype.t = function (key, values) {
    return values ? format(this.ui[key] || key, values) : (this.ui[key] || key);
  };

  View.prototype.start = function (initial) {
    if (initial) { this.render(initial, null); return Promise.resolve(initial); }
    return this.send('get_state', {});
  };

  View.prototype.send = function (action, payload) {
    var self = this;
    if (self.busy) return Promise.resolve(self.state);
    self.busy = true;
    self.root.setAttribute('aria-busy', 'true');
    self.setDisabled(true);
    return self.transport.call(action, payload).then(function (state) {
      var previous = self.state;
      self.busy = false;
      self.render(state, previous);
      return state;
    }, function (error) {
      self.busy = false;
      self.setDisabled(false);
      self.showError(self.explain(error), function () { self.send(action, payload); });
    }).then(function (state) {
      self.root.setAttribute('aria-busy', 'false');
      return state;
    });
  };

  View.prototype.setDisabled = function (disabled) {
    Array.prototype.forEach.call(this.root.querySelectorAll('button'), function (button) {
      button.disabled = disabled;
    });
  };

  /** An error fit to show: an in-page engine's refusal translated, a server's message as is. */
  View.prototype.explain = function (error) {
    var refusals = this.ui.refusals || {};
    if (error.template && refusals[error.template]) return format(refusals[error.template], error.params || {});
    return error.message || this.t('unknown_error');
  };

  View.prototype.showError = function (message, retry) {
    var old = this.root.querySelector('.ip-error');
    if (old) old.remove();
    var button = el('button', { type: 'button', className: 'ip-button', text: this.t('retry') });
    var box = el('div', { className: 'ip-error', role: 'alert' }, [
      el('p', { text: this.t('error', { message: message }) }), button,
    ]);
    button.addEventListener('click', function () { box.remove(); retry(); });
    this.body.insertBefore(box, this.body.firstChild);
    button.focus();
  };

  View.prototype.render = function (state, previous) {
    this.state = state;
    this.body.textContent = '';
    this.body.appendChild(this.header(state));
    this.body.appendChild(this.transcript(state.transcript, state.ending !== null));
    if (state.current) this.body.appendChild(this.choices(state.current));
    if (state.ending) this.body.appendChild(this.debrief(state));
    this.announce(state, previous);
    this.moveFocus(state, previous);
  };

  View.prototype.header = function (state) {
    var persona = state.persona;
    var steps = el('ol', { className: 'ip-phases' }, PHASES.map(function (phase) {
      var item = el('li', { text: this.t('phase.' + phase) });
      if (phase === state.phase) item.setAttribute('aria-current', 'step');
      return item;
    }, this));
    var attempt = state.max_attempts > 0
      ? this.t('attempt', { attempt: state.attempt, max: state.max_attempts })
      : this.t('attempt_unlimited', { attempt: state.attempt });
    return el('div', { className: 'ip-header' }, [
      el('div', { className: 'ip-persona', lang: 'fr' }, [
        el('p', { className: 'ip-persona-name', text: this.t('persona', {
          name: persona.name, age: persona.age, public: this.t('public.' + persona.public) }) }),
        el('p', { className: 'ip-situation', text: persona.situation }),
      ]),
      el('nav', { 'aria-label': this.t('phase_label') }, [steps]),
      el('p', { className: 'ip-attempt', text: attempt }),
    ]);
  };

  View.prototype.line = function (who, text, className) {
    return el('p', { className: className }, [
      el('span', { className: 'ip-speaker', text: this.t('labelled', { label: who }) }), el('span', { lang: 'fr', text: text }),
    ]);
  };

  View.prototype.transcript = function (entries, ended) {
    var name = this.state.persona.name;
    var list = el('ol', { className: 'ip-transcript', 'aria-label': this.t('transcript') });
    entries.forEach(function (entry) {
      var item = el('li', { className: 'ip-turn' });
      if (entry.context) item.appendChild(el('p', { className: 'ip-context', lang: 'fr', text: entry.context }));
      item.appendChild(this.line(name, entry.say, 'ip-say'));
      item.appendChild(this.line(this.t('you'), entry.choice.text, 'ip-answer'));
      if (entry.feedback) {
        item.appendChild(el('p', { className: 'ip-feedback' }, [
          el('span', { className: 'ip-label', text: this.t('labelled', { label: this.t('feedback') }) }),
          el('span', { lang: 'fr', text: entry.feedback }),
        ]));
      }
      if (ended && entry.better) {
        item.appendChild(el('p', { className: 'ip-better' }, [
          el('span', { className: 'ip-label', text: this.t('labelled', { label: this.t('better') }) }),
          el('span', { lang: 'fr', text: entry.better.text }),
        ]));
      }
      list.appendChild(item);
    }, this);
    return list;
  };

  View.prototype.choices = function (current) {
    var self = this;
    var legendId = this.id + '-choices';
    var turn = el('div', { className: 'ip-current' });
    if (current.context) turn.appendChild(el('p', { className: 'ip-context', lang: 'fr', text: current.context }));
    turn.appendChild(this.line(this.state.persona.name, current.say, 'ip-say ip-say-current'));
    var group = el('div', { className: 'ip-choices', role: 'group', 'aria-labelledby': legendId }, [
      el('h3', { id: legendId, className: 'ip-choices-title', text: this.t('choices') }),
    ]);
    current.choices.forEach(function (choice) {
      var button = el('button', { type: 'button', className: 'ip-choice', lang: 'fr', text: choice.text });
      button.addEventListener('click', function () { self.send('choose', { choice: choice.id }); });
      group.appendChild(button);
    });
    turn.appendChild(group);
    return turn;
  };

  View.prototype.debrief = function (state) {
    var self = this;
    var d = state.debrief;
    var headingId = this.id + '-debrief';
    var heading = el('h3', { id: headingId, tabindex: '-1', text: this.t('debrief') });
    var box = el('section', { className: 'ip-debrief', 'aria-labelledby': headingId }, [
      heading,
      el('p', { className: 'ip-ending-title', lang: 'fr', text: state.ending.title }),
      el('p', { className: 'ip-ending-text', lang: 'fr', text: state.ending.debrief }),
      el('p', { className: 'ip-score', text: this.t('score', { percent: percent(d.raw) }) }),
    ]);
    if (d.cap !== null) box.appendChild(el('p', { className: 'ip-capped', text: this.t('capped', { percent: percent(d.cap) }) }));
    box.appendChild(this.capacityTable(d.capacities));
    box.appendChild(this.chart(d.capacities));
    box.appendChild(el('h4', { text: this.t('missed') }));
    box.appendChild(d.missed.length ? el('ul', { className: 'ip-missed' }, d.missed.map(function (flag) {
      return el('li', {}, [
        el('span', { className: 'ip-label', text: self.t('labelled', { label: self.t('kind.' + flag.kind) }) }),
        el('span', { lang: 'fr', text: flag.label }),
      ]);
    })) : el('p', { text: this.t('missed_none') }));
    box.appendChild(el('h4', { text: this.t('review') }));
    box.appendChild(this.transcript(state.transcript, true));
    if (state.can_restart) {
      var again = el('button', { type: 'button', className: 'ip-button', text: this.t('restart') });
      again.addEventListener('click', function () { self.send('restart', {}); });
      box.appendChild(again);
    } else {
      box.appendChild(el('p', { className: 'ip-attempt', text: this.t('no_attempts') }));
    }
    return box;
  };

  View.prototype.capacityTable = function (rows) {
    var captionId = this.id + '-capacities';
    return el('table', { className: 'ip-capacities', 'aria-labelledby': captionId }, [
      el('caption', { id: captionId, text: this.t('capacities') }),
      el('thead', {}, [el('tr', {}, [
        el('th', { scope: 'col', text: this.t('capacity') }),
        el('th', { scope: 'col', text: this.t('points') }),
      ])]),
      el('tbody', {}, rows.map(function (row) {
        return el('tr', {}, [
          el('th', { scope: 'row' }, [
            el('abbr', { title: this.capacities[row.code] || row.code, text: row.code }),
            el('span', { className: 'ip-capacity-label', lang: 'fr', text: ' ' + (this.capacities[row.code] || '') }),
          ]),
          el('td', { text: row.earned + ' / ' + row.possible }),
        ]);
      }, this)),
    ]);
  };

  View.prototype.chart = function (rows) {
    var barHeight = 18, width = 300, labelWidth = 52;
    var svg = document.createElementNS(SVG, 'svg');
    var titleId = this.id + '-chart';
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + (rows.length * (barHeight + 6)));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-labelledby', titleId);
    svg.setAttribute('class', 'ip-chart');
    var title = document.createElementNS(SVG, 'title');
    title.setAttribute('id', titleId);
    title.textContent = this.t('chart');
    svg.appendChild(title);
    rows.forEach(function (row, index) {
      var y = index * (barHeight + 6);
      var ratio = row.possible ? row.earned / row.possible : 0;
      var label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', '0');
      label.setAttribute('y', String(y + barHeight - 5));
      label.textContent = row.code;
      var track = document.createElementNS(SVG, 'rect');
      track.setAttribute('x', String(labelWidth));
      track.setAttribute('y', String(y));
      track.setAttribute('width', String(width - labelWidth));
      track.setAttribute('height', String(barHeight));
      track.setAttribute('class', 'ip-chart-track');
      var bar = document.createElementNS(SVG, 'rect');
      bar.setAttribute('x', String(labelWidth));
      bar.setAttribute('y', String(y));
      bar.setAttribute('width', String(Math.round((width - labelWidth) * ratio)));
      bar.setAttribute('height', String(barHeight));
      bar.setAttribute('class', 'ip-chart-bar');
      [label, track, bar].forEach(function (node) { svg.appendChild(node); });
    });
    return svg;
  };

  View.prototype.announce = function (state, previous) {
    if (!previous) return;
    var parts = [];
    var last = state.transcript[state.transcript.length - 1];
    if (last && last.feedback && state.transcript.length > previous.transcript.length) parts.push(last.feedback);
    if (state.current) parts.push(this.t('labelled', { label: state.persona.name }) + state.current.say);
    if (state.ending) parts.push(this.t('labelled', { label: this.t('ending') }) + state.ending.title);
    this.live.textContent = parts.join(' ');
  };

  View.prototype.moveFocus = function (state, previous) {
    if (!previous) return;
    var target = state.ending
      ? this.root.querySelector('.ip-debrief h3')
      : this.root.querySelector('.ip-choice');
    if (target) target.focus();
  };

  global.InterviewSimulationView = View;
})(typeof window !== 'undefined' ? window : globalThis);
