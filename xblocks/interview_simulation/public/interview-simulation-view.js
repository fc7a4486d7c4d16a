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
  var SETTLE_MS = 600;
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
    // The mark this interview must reach for its block to pass (null: none).
    this.requiredMark = typeof options.requiredMark === 'number' ? options.requiredMark : null;
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

  /** Send one learner action, from the position of the view it was made on. One at a time:
   * every button is disabled until the answer comes. A stale action (another tab moved on)
   * is not retried: the view reloads where the interview really is and says so. */
  View.prototype.send = function (action, payload) {
    var self = this;
    if (self.busy) return Promise.resolve(self.state);
    self.busy = true;
    self.root.setAttribute('aria-busy', 'true');
    self.setDisabled(true);
    var body = action === 'get_state' ? payload : Object.assign({ at: self.state && self.state.at }, payload);
    return self.transport.call(action, body).then(function (state) {
      var previous = self.state;
      self.busy = false;
      self.render(state, previous);
      return state;
    }, function (error) {
      self.busy = false;
      if (error.status === 409 || error.stale) return self.reload(self.explain(error));
      self.setDisabled(false);
      self.showError(self.explain(error), function () { self.send(action, payload); });
    }).then(function (state) {
      self.root.setAttribute('aria-busy', 'false');
      return state;
    });
  };

  View.prototype.reload = function (message) {
    var self = this;
    return self.transport.call('get_state', {}).then(function (state) {
      self.render(state, self.state);
      self.showNotice(message || self.t('stale'));
      return state;
    }, function (error) {
      self.setDisabled(false);
      self.showError(self.explain(error), function () { self.reload(message); });
    });
  };

  View.prototype.showNotice = function (message) {
    var note = el('p', { className: 'ip-notice', role: 'status', text: message });
    this.body.insertBefore(note, this.body.firstChild);
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
    this.replacing = Boolean(previous);  // new choices where the learner just tapped
    this.body.textContent = '';
    this.body.appendChild(this.header(state));
    if (state.notice) this.showNotice(this.t(state.notice));
    // At the end the conversation is shown once, inside the debrief.
    if (state.current) {
      this.body.appendChild(this.transcript(state.transcript, false));
      this.body.appendChild(this.choices(state.current));
    }
    if (state.ending) this.body.appendChild(this.debrief(state));
    this.announce(state, previous);
    this.moveFocus(state, previous);
  };

  View.prototype.publicLabel = function (persona) {
    var gendered = 'public.' + persona.public + '.' + (persona.gender || '');
    return persona.gender && this.ui[gendered] ? this.ui[gendered] : this.t('public.' + persona.public);
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
          name: persona.name, age: persona.age, public: this.publicLabel(persona) }) }),
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

  View.prototype.labelled = function (className, label, text) {
    return el('p', { className: className }, [
      el('span', { className: 'ip-label', text: this.t('labelled', { label: label }) }),
      el('span', { lang: 'fr', text: text }),
    ]);
  };

  View.prototype.transcript = function (entries, ended) {
    var name = this.state.persona.name;
    var list = el('ol', { className: 'ip-transcript', 'aria-label': this.t('transcript') });
    entries.forEach(function (entry, index) {
      var item = el('li', { className: 'ip-turn', id: this.id + '-step-' + (index + 1) });
      if (ended) item.appendChild(el('p', { className: 'ip-step', text: this.t('step', { step: index + 1 }) }));
      if (entry.context) item.appendChild(el('p', { className: 'ip-context', lang: 'fr', text: entry.context }));
      item.appendChild(this.line(name, entry.say, 'ip-say'));
      item.appendChild(this.line(this.t('you'), entry.choice.text, 'ip-answer'));
      if (entry.outcome) {
        // In words, with a symbol, never by colour alone.
        item.appendChild(el('p', { className: 'ip-outcome ip-outcome-' + entry.outcome, text: this.t('outcome.' + entry.outcome) }));
      }
      if (entry.feedback) item.appendChild(this.labelled('ip-feedback', this.t('feedback'), entry.feedback));
      if (ended && entry.better) item.appendChild(this.labelled('ip-better', this.t('better'), entry.better.text));
      if (ended && entry.catch && entry.catch.length) {
        var items = this.list(entry.catch);
        item.appendChild(el('p', { className: 'ip-catch', text: this.t('catch', { items: items }) }));
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
    // Only choices that replaced others under the finger wait: not those of a page just opened.
    var settled = this.replacing ? Date.now() + SETTLE_MS : 0;
    current.choices.forEach(function (choice) {
      var button = el('button', { type: 'button', className: 'ip-choice', lang: 'fr', text: choice.text });
      var pointer = '';
      button.addEventListener('pointerdown', function (event) { pointer = event.pointerType; });
      button.addEventListener('click', function (event) {
        // The next choices appear under the finger: a double tap (or the second click of a
        // double click) must not answer a question nobody has read.
        if (event.detail > 1) return;
        if (pointer === 'touch' && Date.now() < settled) return;
        self.send('choose', { choice: choice.id });
      });
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
    var box = el('section', { className: 'ip-debrief', 'aria-labelledby': headingId }, [heading]);
    if (state.shown_attempt !== state.attempt) {
      box.appendChild(el('p', { className: 'ip-kept', text: this.keptShown(state) }));
    } else if (state.kept && state.kept.attempt !== state.attempt) {
      box.appendChild(el('p', { className: 'ip-kept', text: this.t('kept_so_far', {
        attempt: state.kept.attempt, percent: percent(state.kept.raw) }) }));
    }
    box.appendChild(el('p', { className: 'ip-score', text: this.t('score', { percent: percent(d.raw) }) }));
    if (this.requiredMark !== null) {
      var counts = Math.max(d.raw, state.kept ? state.kept.raw : 0);
      var mark = { mark: percent(this.requiredMark), percent: percent(counts) };
      box.appendChild(el('p', { className: 'ip-required',
        text: this.t(counts >= this.requiredMark ? 'required_met' : 'required_unmet', mark) }));
    }
    var explained = { earned: d.earned, possible: d.possible, percent: percent(d.uncapped) };
    if (d.cap !== null) {
      var items = this.list(d.cap_flags);
      box.appendChild(el('p', { className: 'ip-capped', text: this.t('capped', { percent: percent(d.cap), items: items }) }));
      box.appendChild(el('p', { className: 'ip-explained', text: this.t('explained_capped', explained) }));
    } else {
      box.appendChild(el('p', { className: 'ip-explained', text: this.t('explained', explained) }));
    }
    box.appendChild(el('p', { className: 'ip-ending-title', lang: 'fr', text: state.ending.title }));
    box.appendChild(el('p', { className: 'ip-ending-text', lang: 'fr', text: state.ending.debrief }));
    box.appendChild(this.fold(this.t('capacities_fold'), [this.capacityTable(d.capacities), this.chart(d.capacities)]));
    box.appendChild(el('h4', { text: this.t('missed') }));
    var steps = {};
    state.transcript.forEach(function (entry, index) {
      (entry.catch || []).forEach(function (flag) { steps[flag.id] = index + 1; });
    });
    box.appendChild(d.missed.length ? el('ul', { className: 'ip-missed' }, d.missed.map(function (flag) {
      var where = steps[flag.id] ? el('a', { href: '#' + self.id + '-step-' + steps[flag.id],
        text: ' ' + self.t('caught_at', { step: steps[flag.id] }) }) : null;
      return el('li', {}, [
        el('span', { className: 'ip-label', text: self.t('labelled', { label: self.t('kind.' + flag.kind) }) }),
        el('span', { lang: 'fr', text: flag.label }), where,
      ]);
    })) : el('p', { text: this.t('missed_none') }));
    box.appendChild(this.fold(this.t('review'), [this.transcript(state.transcript, true)]));
    var actions = el('div', { className: 'ip-actions' });
    var print = el('button', { type: 'button', className: 'ip-button ip-secondary', text: this.t('print') });
    print.addEventListener('click', function () { self.print(); });
    actions.appendChild(print);
    if (state.can_restart) {
      var label = state.remaining === null ? this.t('restart') : this.t('restart_left', { left: state.remaining });
      var again = el('button', { type: 'button', className: 'ip-button', 'data-action': 'restart', text: label });
      again.addEventListener('click', function () { self.confirmRestart(actions, again); });
      actions.appendChild(again);
    } else if (state.shown_attempt === state.attempt) {  // else the kept notice says so
      box.appendChild(el('p', { className: 'ip-attempt', text: this.t('no_attempts') }));
    }
    box.appendChild(actions);
    return box;
  };

  View.prototype.keptShown = function (state) {
    return this.t('kept_shown', {
      last: percent(state.last_raw), attempt: state.shown_attempt, percent: percent(state.debrief.raw) });
  };

  View.prototype.list = function (flags) {
    return flags.map(function (flag) { return flag.label; }).join(this.t('list_separator'));
  };

  /** A section that folds on a phone and stays open on a wider screen and in print. */
  View.prototype.fold = function (title, children) {
    var wide = !(global.matchMedia && global.matchMedia('(max-width: 40rem)').matches);
    var details = el('details', { className: 'ip-fold' }, [el('summary', { text: title })].concat(children));
    details.open = wide;
    return details;
  };

  /** Restarting spends an attempt: ask first, saying what remains. */
  View.prototype.confirmRestart = function (actions, again) {
    var self = this;
    var state = this.state;
    var question = state.remaining === null
      ? this.t('restart_confirm_unlimited')
      : this.t('restart_confirm', { next: state.attempt + 1, left: state.remaining - 1 });
    var yes = el('button', { type: 'button', className: 'ip-button', 'data-action': 'restart-yes', text: this.t('restart_yes') });
    var no = el('button', { type: 'button', className: 'ip-button ip-secondary', text: this.t('restart_no') });
    var box = el('div', { className: 'ip-confirm', role: 'group', 'aria-label': question }, [
      el('p', { text: question }), yes, no,
    ]);
    yes.addEventListener('click', function () { self.send('restart', {}); });
    no.addEventListener('click', function () { box.remove(); again.hidden = false; again.focus(); });
    again.hidden = true;
    actions.appendChild(box);
    yes.focus();
  };

  /** Print the debrief with every section open (browsers print closed sections closed). */
  View.prototype.print = function () {
    var folds = Array.prototype.slice.call(this.root.querySelectorAll('details.ip-fold'));
    var closed = folds.filter(function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
    var restore = function () {
      closed.forEach(function (d) { d.open = false; });
      global.removeEventListener('afterprint', restore);
    };
    global.addEventListener('afterprint', restore);
    global.print();
  };

  View.prototype.capacityTable = function (rows) {
    var captionId = this.id + '-capacities';
    return el('table', { className: 'ip-capacities', 'aria-labelledby': captionId }, [
      el('caption', { id: captionId, text: this.t('capacities') }),
      el('thead', {}, [el('tr', {}, [
        el('th', { scope: 'col', text: this.t('capacity') }),
        el('th', { scope: 'col', text: this.t('points_yours') }),
        el('th', { scope: 'col', text: this.t('points_best') }),
      ])]),
      el('tbody', {}, rows.map(function (row) {
        return el('tr', {}, [
          el('th', { scope: 'row' }, [
            el('abbr', { title: this.capacities[row.code] || row.code, text: row.code }),
            el('span', { className: 'ip-capacity-label', lang: 'fr', text: ' ' + (this.capacities[row.code] || '') }),
          ]),
          el('td', { text: String(row.earned) }),
          el('td', { text: String(row.possible) }),
        ]);
      }, this)),
    ]);
  };

  View.prototype.chart = function (rows) {
    var barHeight = 18, width = 300, labelWidth = 52;
    var scale = Math.max.apply(null, [1].concat(rows.map(function (r) { return Math.max(r.earned, r.possible); })));
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
      // One scale for all rows: the best path's points as the track, the learner's as the bar
      // (a learner may earn more on one capacity than the best path, less on others).
      var label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', '0');
      label.setAttribute('y', String(y + barHeight - 5));
      label.textContent = row.code;
      var track = document.createElementNS(SVG, 'rect');
      track.setAttribute('x', String(labelWidth));
      track.setAttribute('y', String(y));
      track.setAttribute('width', String(Math.round((width - labelWidth) * row.possible / scale)));
      track.setAttribute('height', String(barHeight));
      track.setAttribute('class', 'ip-chart-track');
      var bar = document.createElementNS(SVG, 'rect');
      bar.setAttribute('x', String(labelWidth));
      bar.setAttribute('y', String(y));
      bar.setAttribute('width', String(Math.round((width - labelWidth) * row.earned / scale)));
      bar.setAttribute('height', String(barHeight));
      bar.setAttribute('class', 'ip-chart-bar');
      [label, track, bar].forEach(function (node) { svg.appendChild(node); });
    });
    return svg;
  };

  View.prototype.announce = function (state, previous) {
    if (!previous) return;
    var parts = [];
    if (state.ending && state.shown_attempt !== state.attempt) {
      // The page now shows the kept attempt: say so, not its feedback as if just reached.
      this.live.textContent = this.keptShown(state);
      return;
    }
    var last = state.transcript[state.transcript.length - 1];
    if (last && state.transcript.length > previous.transcript.length) {
      if (last.outcome) parts.push(this.t('outcome.' + last.outcome));
      if (last.feedback) parts.push(last.feedback);
    }
    if (state.current) parts.push(this.t('labelled', { label: state.persona.name }) + state.current.say);
    if (state.ending) parts.push(this.t('labelled', { label: this.t('ending') }) + state.ending.title);
    this.live.textContent = parts.join(' ');
  };

  /** After an action: focus the debrief heading, or the first choice; on a phone the feedback
   * of the choice just made is scrolled into view above them. */
  View.prototype.moveFocus = function (state, previous) {
    if (!previous) return;
    var target = state.ending
      ? this.root.querySelector('.ip-debrief h3')
      : this.root.querySelector('.ip-choice');
    if (!target) return;
    var turns = this.root.querySelectorAll('.ip-transcript .ip-turn');
    var last = !state.ending && turns.length ? turns[turns.length - 1] : null;
    var feedback = last && last.querySelector('.ip-outcome, .ip-feedback');
    if (feedback && feedback.scrollIntoView) {
      target.focus({ preventScroll: true });
      feedback.scrollIntoView({ block: 'start' });
    } else {
      target.focus();
    }
  };

  global.InterviewSimulationView = View;
})(typeof window !== 'undefined' ? window : globalThis);
