/* Workshop design: the learner's page and the trainers' list and grading screen, shared by
 * Open edX (workshop-design-xblock.js) and Studio's preview (workshop-design-studio.js).
 *
 * It renders a view state (engine.learner_view in Python, plus the block's notice, result and
 * kept attempt) and sends the learner's plan to a transport; it decides nothing itself. Every
 * string comes from `ui`; whatever an author, a learner or a trainer wrote is set with
 * textContent only, so it shows as text, never as markup.
 *
 * The plan is edited in place: a field being typed in is never rebuilt. The whole plan is
 * saved after a pause in typing, on change and on leaving a field; requests go one at a time,
 * and a save waiting for its turn sends the plan as it is when its turn comes (the latest
 * plan replaces a waiting one). The answer's checks are painted in their own panel.
 */
(function (global) {
  'use strict';

  var SAVE_DELAY_MS = 1200;
  var SAVED_KEYS = ['at', 'attempt', 'submitted', 'can_submit', 'minutes', 'checks', 'alignment'];
  var LEARNER_ACTIONS = { save_plan: true, submit: true, restart: true };
  var SYMBOLS = { right: '✓', partial: '◐', missed: '✗' };
  var instances = 0;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === 'text') node.textContent = value;
      else if (key === 'className') node.className = value;
      else node.setAttribute(key, value === true ? '' : value);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function percent(value) { return Math.round((value || 0) * 100); }
  function codePoints(text) { return Array.from(text || '').length; }
  function clone(value) { return JSON.parse(JSON.stringify(value)); }
  function find(list, field, value) {
    for (var i = 0; i < (list || []).length; i += 1) if (list[i][field] === value) return list[i];
    return null;
  }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function outcomeOf(fraction) { return fraction >= 1 ? 'right' : fraction > 0 ? 'partial' : 'missed'; }

  /** The next free id of a list: "o", "s" or "e" and a number of at most 3 digits. */
  function nextId(prefix, items) {
    var used = {};
    var top = 0;
    items.forEach(function (item) {
      var n = Number(item.id.slice(1));
      used[n] = true;
      if (n > top) top = n;
    });
    if (top < 999) return prefix + (top + 1);
    for (var n = 1; n <= 999; n += 1) if (!used[n]) return prefix + n;
    return null;
  }

  function View(root, options) {
    var self = this;
    this.root = root;
    this.transport = options.transport;
    this.ui = options.ui || {};
    this.capacities = options.capacities || {};
    this.requiredMark = typeof options.requiredMark === 'number' ? options.requiredMark : null;
    this.staff = Boolean(options.staff);
    // No trainer grades here (a SCO): the automatic checks give the score.
    this.automatic = Boolean(options.automatic);
    this.title = options.title || '';
    this.id = options.id || 'ip-wd-' + (++instances);
    this.state = null;
    this.plan = null;           // the plan as the learner is writing it
    this.dirty = false;         // the plan changed since it was last sent
    this.failedSave = false;
    this.queue = [];
    this.sending = null;
    this.timer = null;
    this.docOpen = false;
    this.confirming = false;
    this.nodes = {};
    this.rows = null;           // the staff list
    this.filter = { status: '', name: '' };
    this.screen = null;         // the grading screen open
    this.form = null;           // the trainer's levels and comments for it
    this.alert = el('div', { className: 'ip-wd-alert', role: 'alert' });
    this.body = el('div', { className: 'ip-wd-body' });
    this.live = el('div', { className: 'ip-wd-sr-only', 'aria-live': 'polite' });
    root.textContent = '';
    [this.alert, this.body, this.live].forEach(function (node) { root.appendChild(node); });
    root.setAttribute('aria-busy', 'false');
    // A plan being written is saved when the page is hidden (a tab closed, a phone locked).
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden' && (self.dirty || self.timer)) self.saveNow();
    });
    global.addEventListener('afterprint', function () {
      Array.prototype.forEach.call(root.querySelectorAll('.ip-wd-print-target'), function (node) {
        node.classList.remove('ip-wd-print-target');
      });
    });
  }

  View.prototype.t = function (key, values) {
    var text = Object.prototype.hasOwnProperty.call(this.ui, key) ? this.ui[key] : key;
    return values ? format(text, values) : text;
  };

  /** A string, in its wording for a page without a trainer where it has one. */
  View.prototype.tx = function (key, values) {
    var own = this.automatic && Object.prototype.hasOwnProperty.call(this.ui, key + '_auto');
    return this.t(own ? key + '_auto' : key, values);
  };

  View.prototype.key = function () {
    return [this.id].concat(Array.prototype.slice.call(arguments)).join('-');
  };

  View.prototype.start = function (initial) {
    var started = initial ? Promise.resolve(this.show(initial)) : this.request('get_state', {});
    if (this.staff) this.loadSubmissions();
    return started;
  };

  // --- Requests: one at a time ---------------------------------------------------------------

  View.prototype.request = function (action, payload, done, failed) {
    var self = this;
    if (action === 'save_plan') {
      var waiting = find(this.queue, 'action', 'save_plan');
      if (waiting) return waiting.promise;  // it sends the plan as it is when its turn comes
    }
    var entry = { action: action, payload: payload, done: done, failed: failed };
    entry.promise = new Promise(function (resolve, reject) { entry.resolve = resolve; entry.reject = reject; });
    entry.promise.catch(function () {});
    this.queue.push(entry);
    this.setBusy();
    setTimeout(function () { self.pump(); }, 0);
    return entry.promise;
  };

  View.prototype.pump = function () {
    var self = this;
    if (this.sending || !this.queue.length) return;
    var entry = this.sending = this.queue.shift();
    var body = entry.action === 'save_plan' ? { plan: clone(this.plan) } : Object.assign({}, entry.payload);
    if (entry.action === 'save_plan') this.dirty = false;
    if (LEARNER_ACTIONS[entry.action]) body.at = this.state && this.state.at;
    entry.sent = body;
    this.setBusy();
    this.transport.call(entry.action, body).then(function (answer) {
      self.sending = null;
      if (entry.done) entry.done.call(self, answer, entry);
      entry.resolve(answer);
    }, function (error) {
      self.sending = null;
      self.failed(entry, error || new Error(''));
      entry.reject(error);
    }).then(function () {
      self.setBusy();
      self.pump();
    });
  };

  View.prototype.explain = function (error) {
    var refusals = this.ui.refusals || {};
    if (error.template && refusals[error.template]) return format(refusals[error.template], error.params || {});
    if (!error.status && !error.template && !error.message) return this.t('error_offline');
    return error.message || this.t('unknown_error');
  };

  View.prototype.failed = function (entry, error) {
    var self = this;
    var message = this.explain(error);
    if (entry.failed) { entry.failed.call(this, error, message); return; }
    if (error.status === 409 || error.stale) {
      // Stale: what the server has is the truth; what waited is dropped and the page says so.
      // The plan this page was writing is kept, and can be put back over the one reloaded.
      var mine = entry.action === 'save_plan' || this.dirty ? clone(this.plan) : null;
      this.queue = this.queue.filter(function (waiting) { return !LEARNER_ACTIONS[waiting.action]; });
      clearTimeout(this.timer);
      this.dirty = false;
      this.request('get_state', {}, function (view) {
        self.show(view);
        var differs = mine && !view.submitted && JSON.stringify(mine) !== JSON.stringify(view.plan);
        if (differs) {
          self.showError(message + ' ' + self.t('stale_kept'), function () { self.restore(mine); }, self.t('stale_restore'));
        } else {
          self.showError(message);
        }
        self.say(message);
      });
      return;
    }
    if (entry.action === 'save_plan') {
      this.failedSave = true;
      this.dirty = true;
      this.showError(this.t('error', { message: message }), function () { self.saveNow(); });
      return;
    }
    this.showError(this.t('error', { message: message }));
  };

  /** Puts back, as a new save, the plan this page was writing before it was reloaded. */
  View.prototype.restore = function (plan) {
    var self = this;
    this.plan = plan;
    this.request('save_plan', null, function (answer, entry) {
      // A save answers what it changed (block.py): the page is the one it had, with them.
      var view = Object.assign({}, self.state, { plan: entry.sent.plan });
      SAVED_KEYS.forEach(function (key) { if (key in answer) view[key] = answer[key]; });
      self.show(view, self.key('editor', 'heading'));
      self.say(self.t('stale_restored'));
    });
  };

  View.prototype.showError = function (message, retry, label) {
    var self = this;
    this.alert.textContent = '';
    this.alert.appendChild(el('p', { text: message }));
    if (retry) {
      var button = el('button', { type: 'button', className: 'ip-wd-button', text: label || this.t('retry'), id: this.key('retry') });
      button.addEventListener('click', function () { self.clearError(); retry(); });
      this.alert.appendChild(button);
    }
  };

  View.prototype.clearError = function () { this.alert.textContent = ''; };
  View.prototype.say = function (message) {
    var live = this.live;
    live.textContent = '';
    setTimeout(function () { live.textContent = message; }, 30);
  };

  View.prototype.setBusy = function () {
    this.root.setAttribute('aria-busy', this.sending ? 'true' : 'false');
    var status = this.nodes.status;
    if (status) status.textContent = this.saveStatus();
  };

  View.prototype.saving = function () {
    return Boolean(this.timer) || Boolean(this.sending && this.sending.action === 'save_plan') ||
      Boolean(find(this.queue, 'action', 'save_plan'));
  };

  View.prototype.saveStatus = function () {
    if (this.saving()) return this.t('status_saving');
    if (this.failedSave) return this.t('status_error');
    return this.state && this.state.at && this.state.at.step > 0 ? this.t('status_saved') : '';
  };

  // --- Autosave --------------------------------------------------------------------------------

  View.prototype.edited = function (later) {
    var self = this;
    this.dirty = true;
    clearTimeout(this.timer);
    if (later) {
      this.timer = setTimeout(function () { self.timer = null; self.saveNow(); }, SAVE_DELAY_MS);
      this.setBusy();
    } else {
      this.timer = null;
      this.saveNow();
    }
  };

  View.prototype.saveNow = function () {
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.state || this.state.submitted) return Promise.resolve();
    var promise = this.request('save_plan', null, this.saved);
    this.setBusy();
    return promise;
  };

  /** A save's answer: the checks and the position, the plan as the learner keeps writing it. */
  View.prototype.saved = function (answer, entry) {
    var self = this;
    this.failedSave = false;
    this.clearError();
    SAVED_KEYS.forEach(function (key) { if (key in answer) self.state[key] = answer[key]; });
    this.checkedPlan = entry.sent.plan;  // the plan the checks and the matrix are about
    this.paintLive();
  };

  // --- The whole page --------------------------------------------------------------------------

  View.prototype.show = function (view, focusId) {
    var active = document.activeElement;
    var keep = active && active.id && this.root.contains(active) ? active.id : null;
    var newAttempt = !this.state || this.state.attempt !== view.attempt || this.state.submitted !== view.submitted;
    this.state = view;
    this.plan = clone(view.plan);
    this.checkedPlan = view.plan;
    this.dirty = false;
    if (newAttempt) this.confirming = false;
    var staffNode = this.nodes.staff;
    this.nodes = { staff: staffNode };
    var parts = [this.header(view), this.briefSection(view.brief), this.rubricSection(view.rubric, false)];
    if (!view.submitted) {
      parts.push(this.editor(view), this.checksSection(view, true), this.submitSection(view));
    } else {
      parts.push(this.resultSection(view), this.checksSection(view, false));
    }
    parts.push(this.documentToggle());
    this.body.textContent = '';
    var fragment = document.createDocumentFragment();
    parts.forEach(function (part) { if (part) fragment.appendChild(part); });
    if (this.staff) {
      if (!staffNode) staffNode = this.nodes.staff = this.staffSection();
      fragment.appendChild(staffNode);
    }
    this.body.appendChild(fragment);
    this.setBusy();
    this.focus(focusId || keep, !focusId);
    return view;
  };

  View.prototype.focus = function (id, quiet) {
    var target = id && document.getElementById(id);
    if (target && target !== document.activeElement) target.focus({ preventScroll: Boolean(quiet) });
  };

  View.prototype.section = function (name, heading, level) {
    var headingId = this.key(name, 'heading');
    var node = el('section', { className: 'ip-wd-section ip-wd-' + name, 'aria-labelledby': headingId });
    node.appendChild(el('h' + (level || 3), { id: headingId, tabindex: '-1', text: heading }));
    return node;
  };

  View.prototype.header = function (view) {
    var node = el('div', { className: 'ip-wd-header' });
    var attempt = view.max_attempts > 0
      ? this.t('attempt', { attempt: view.attempt, max: view.max_attempts })
      : this.t('attempt_unlimited', { attempt: view.attempt });
    node.appendChild(el('p', { className: 'ip-wd-attempt', text: attempt }));
    if (!view.submitted) node.appendChild(el('p', { text: this.t('intro') }));
    if (view.notice === 'content_changed') node.appendChild(el('p', { className: 'ip-wd-notice', text: this.t('content_changed') }));
    if (!view.submitted && view.max_attempts > 0 && view.attempt >= view.max_attempts) {
      node.appendChild(el('p', { className: 'ip-wd-notice', text: this.t('last_attempt') }));
    }
    return node;
  };

  // --- Durations -------------------------------------------------------------------------------

  View.prototype.duration = function (minutes) {
    var h = Math.floor(minutes / 60);
    var m = minutes % 60;
    if (!h) return this.t('duration_m', { m: m });
    if (!m) return this.t('duration_h', { h: h });
    return this.t('duration_hm', { h: h, mm: pad(m) });
  };

  View.prototype.clock = function (minutes) {
    return this.t('clock', { h: Math.floor(minutes / 60), mm: pad(minutes % 60) });
  };

  // --- The brief and the rubric ----------------------------------------------------------------

  View.prototype.briefSection = function (brief) {
    var self = this;
    var node = this.section('brief', this.t('brief_heading', { title: brief.title }));
    function part(heading, children) {
      node.appendChild(el('h4', { text: heading }));
      children.forEach(function (child) { if (child) node.appendChild(child); });
    }
    function list(items) {
      return el('ul', {}, items.map(function (item) { return el('li', { text: item.text }); }));
    }
    var kind = this.t('commissioner_' + brief.commissioner.kind);
    part(this.t('brief_commissioner'), [el('p', { text: this.t('commissioner_line', { name: brief.commissioner.name, kind: kind }) })]);
    var pub = brief.public;
    part(this.t('brief_public'), [
      el('p', { text: this.t('public_size', { min: pub.size_min, max: pub.size_max }) }),
      el('p', { text: pub.profile }),
      pub.constraints.length ? el('p', { className: 'ip-wd-label', text: this.t('brief_constraints') }) : null,
      pub.constraints.length ? el('ul', {}, pub.constraints.map(function (c) {
        return el('li', {}, [
          el('span', { className: 'ip-wd-tag', text: self.t('labelled', { label: self.t('constraint_' + c.kind) }) }),
          document.createTextNode(c.text),
        ]);
      })) : null,
    ]);
    part(this.t('brief_need'), [el('p', { text: brief.need })]);
    if (brief.outcomes.length) part(this.t('brief_outcomes'), [list(brief.outcomes)]);
    var sessions = this.t(brief.sessions === 1 ? 'sessions_one' : 'sessions', { count: brief.sessions });
    part(this.t('brief_duration'), [el('p', {
      text: this.t('duration_line', {
        duration: this.duration(brief.minutes),
        tolerance: this.duration(brief.tolerance),
        sessions: sessions,
        mode: this.t('mode_' + brief.mode),
      }),
    })]);
    if (brief.format) part(this.t('brief_format'), [el('p', { text: brief.format })]);
    if (brief.budget) part(this.t('brief_budget'), [el('p', { text: brief.budget })]);
    if (brief.logistics) part(this.t('brief_logistics'), [el('p', { text: brief.logistics })]);
    if (brief.deliverables.length) part(this.t('brief_deliverables'), [list(brief.deliverables)]);
    if (brief.indicators.length) part(this.t('brief_indicators'), [list(brief.indicators)]);
    return node;
  };

  /** The rubric; its notes only where `notes` (a trainer's screen). */
  View.prototype.rubricList = function (rubric, notes) {
    var self = this;
    return el('dl', { className: 'ip-wd-rubric' }, [].concat.apply([], rubric.map(function (criterion) {
      var max = Math.max.apply(null, criterion.levels.map(function (lv) { return lv.points; }));
      return [
        el('dt', { text: self.t('criterion_max', { label: criterion.label, max: max }) }),
        el('dd', {}, [
          el('p', { text: criterion.prompt }),
          el('ul', {}, criterion.levels.map(function (lv) {
            return el('li', { text: self.t('level_line', { label: lv.label, points: lv.points }) + (lv.text ? ' — ' + lv.text : '') });
          })),
          notes && criterion.notes ? el('p', { className: 'ip-wd-notes', text: self.t('notes_line', { notes: criterion.notes }) }) : null,
        ]),
      ];
    })));
  };

  View.prototype.rubricSection = function (rubric) {
    var self = this;
    var details = el('details', { className: 'ip-wd-fold', id: this.key('rubric'), open: this.rubricOpen }, [
      el('summary', { text: this.t('rubric_heading') }),
      el('p', { className: 'ip-wd-hint', text: this.tx('rubric_intro', { share: percent(this.state.checks_share) }) }),
      this.rubricList(rubric, false),
    ]);
    details.addEventListener('toggle', function () { self.rubricOpen = details.open; });
    return el('div', { className: 'ip-wd-section' }, [details]);
  };

  // --- The editor --------------------------------------------------------------------------

  /** A text field of the plan: `get` reads and `set` writes the plan's value. */
  View.prototype.textField = function (id, label, limit, get, set, options) {
    var self = this;
    options = options || {};
    var countId = id + '-count';
    var input = options.multiline
      ? el('textarea', { id: id, className: 'ip-wd-textarea', maxlength: limit, 'aria-describedby': countId, rows: options.rows || 3 })
      : el('input', { id: id, type: 'text', className: 'ip-wd-input', maxlength: limit, 'aria-describedby': countId });
    input.value = get() || '';
    var count = el('p', { className: 'ip-wd-count', id: countId });
    function counted() {
      count.textContent = self.t('count', { count: codePoints(input.value), limit: limit });
    }
    counted();
    input.addEventListener('input', function () {
      set(input.value);
      counted();
      if (options.onInput) options.onInput(input.value);
      self.edited(true);
    });
    input.addEventListener('change', function () { if (self.dirty) self.edited(false); });
    return el('div', { className: 'ip-wd-field' }, [
      el('label', { for: id, className: 'ip-wd-label', text: label }), input, count,
    ]);
  };

  View.prototype.objectiveLabel = function (objective, index) {
    return this.t('objective_short', { number: index + 1, text: objective.text || this.t('objective_untitled') });
  };

  /** Objective checkboxes of a sequence or an evaluation. */
  View.prototype.objectiveBoxes = function (idBase, item, legend) {
    var self = this;
    var box = el('fieldset', { className: 'ip-wd-group' }, [el('legend', { text: legend })]);
    if (!this.plan.objectives.length) box.appendChild(el('p', { className: 'ip-wd-hint', text: this.t('objectives_none_yet') }));
    this.plan.objectives.forEach(function (objective, i) {
      var id = idBase + '-' + objective.id;
      var input = el('input', { type: 'checkbox', id: id, value: objective.id, checked: item.objectives.indexOf(objective.id) >= 0 });
      input.addEventListener('change', function () {
        var order = self.plan.objectives.map(function (o) { return o.id; });
        var chosen = item.objectives.filter(function (ref) { return ref !== objective.id; });
        if (input.checked) chosen.push(objective.id);
        item.objectives = order.filter(function (ref) { return chosen.indexOf(ref) >= 0; });
        self.edited(false);
      });
      box.appendChild(el('label', { className: 'ip-wd-choice', for: id }, [
        input, el('span', { 'data-objective': objective.id, text: self.objectiveLabel(objective, i) }),
      ]));
    });
    return box;
  };

  View.prototype.select = function (id, label, options, value, onChange) {
    var select = el('select', { id: id, className: 'ip-wd-select' });
    select.appendChild(el('option', { value: '', text: this.t('choose') }));
    options.forEach(function (option) {
      select.appendChild(el('option', { value: option[0], text: option[1], selected: option[0] === value }));
    });
    select.value = value || '';
    select.addEventListener('change', function () { onChange(select.value); });
    return el('div', { className: 'ip-wd-field' }, [el('label', { for: id, className: 'ip-wd-label', text: label }), select]);
  };

  View.prototype.button = function (id, text, onClick, options) {
    options = options || {};
    var button = el('button', {
      type: 'button', id: id, className: 'ip-wd-button' + (options.secondary ? ' ip-wd-secondary' : ''),
      text: text, 'aria-label': options.label, 'aria-disabled': options.disabled ? 'true' : null,
      'aria-expanded': options.expanded === undefined ? null : String(options.expanded),
    });
    button.addEventListener('click', function (event) {
      if (button.getAttribute('aria-disabled') === 'true') return;
      onClick(event);
    });
    return button;
  };

  /** A change to the plan's lists: saved at once, the editor built again, focus on `focusId`. */
  View.prototype.restructure = function (focusId, message) {
    var old = this.nodes.editor;
    var fresh = this.editor(this.state);
    old.parentNode.replaceChild(fresh, old);
    this.focus(focusId);
    if (message) this.say(message);
    this.edited(false);
  };

  View.prototype.editor = function (view) {
    var self = this;
    var plan = this.plan;
    var limits = view.limits;
    var node = this.section('editor', this.t('editor_heading'));
    this.nodes.editor = node;
    var status = el('p', { className: 'ip-wd-status', role: 'status', id: this.key('status') });
    this.nodes.status = status;
    node.appendChild(status);
    node.appendChild(el('p', { className: 'ip-wd-hint', text: this.t('autosave_hint') }));
    node.appendChild(this.textField(this.key('goal'), this.t('goal'), limits.medium,
      function () { return plan.goal; }, function (v) { plan.goal = v; }, { multiline: true, rows: 2 }));

    // Operational objectives
    var objectives = el('div', { className: 'ip-wd-part' }, [el('h4', { text: this.t('objectives_heading') }),
      el('p', { className: 'ip-wd-hint', text: this.t('objectives_hint') })]);
    var olist = el('ol', { className: 'ip-wd-items' });
    plan.objectives.forEach(function (objective, i) {
      var id = self.key('obj', objective.id);
      var field = self.textField(id, self.t('objective_label', { number: i + 1 }), limits.short,
        function () { return objective.text; }, function (v) { objective.text = v; }, {
          onInput: function () {
            Array.prototype.forEach.call(node.querySelectorAll('[data-objective="' + objective.id + '"]'), function (span) {
              span.textContent = self.objectiveLabel(objective, i);
            });
          },
        });
      field.appendChild(self.button(id + '-remove', self.t('remove'), function () {
        plan.objectives.splice(plan.objectives.indexOf(objective), 1);
        plan.sequences.concat(plan.evaluations).forEach(function (item) {
          item.objectives = item.objectives.filter(function (ref) { return ref !== objective.id; });
        });
        self.restructure(self.key('obj-add'), self.t('objective_removed', { number: i + 1 }));
      }, { secondary: true, label: self.t('remove_objective', { number: i + 1 }) }));
      olist.appendChild(el('li', {}, [field]));
    });
    if (plan.objectives.length) objectives.appendChild(olist);
    var fullObjectives = plan.objectives.length >= limits.objectives;
    objectives.appendChild(this.button(this.key('obj-add'), this.t('add_objective'), function () {
      var id = nextId('o', plan.objectives);
      plan.objectives.push({ id: id, text: '' });
      self.restructure(self.key('obj', id));
    }, { disabled: fullObjectives }));
    if (fullObjectives) objectives.appendChild(el('p', { className: 'ip-wd-hint', text: this.t('list_full', { limit: limits.objectives }) }));
    node.appendChild(objectives);

    // Sequences
    var methods = view.methods.map(function (m) { return [m, self.t('method_' + m)]; });
    var sequences = el('div', { className: 'ip-wd-part' }, [el('h4', { text: this.t('sequences_heading') }),
      el('p', { className: 'ip-wd-hint', text: this.t('sequences_hint') })]);
    plan.sequences.forEach(function (sequence, i) {
      var base = self.key('seq', sequence.id);
      var number = i + 1;
      var box = el('fieldset', { className: 'ip-wd-group ip-wd-sequence', id: base },
        [el('legend', { text: self.t('sequence_label', { number: number }) })]);
      box.appendChild(self.textField(base + '-title', self.t('sequence_title'), limits.short,
        function () { return sequence.title; }, function (v) { sequence.title = v; }));
      box.appendChild(self.select(base + '-method', self.t('sequence_method'), methods, sequence.method, function (value) {
        sequence.method = value;
        self.edited(false);
      }));
      var minutesId = base + '-minutes';
      var minutes = el('input', { type: 'number', id: minutesId, className: 'ip-wd-input ip-wd-minutes', min: 0,
        max: limits.minutes, step: 5, inputmode: 'numeric', 'aria-describedby': minutesId + '-hint' });
      minutes.value = String(sequence.minutes);
      minutes.addEventListener('input', function () {
        var value = parseInt(minutes.value, 10);
        sequence.minutes = isNaN(value) ? 0 : Math.max(0, Math.min(limits.minutes, value));
        self.edited(true);
      });
      minutes.addEventListener('change', function () { if (self.dirty) self.edited(false); });
      box.appendChild(el('div', { className: 'ip-wd-field' }, [
        el('label', { for: minutesId, className: 'ip-wd-label', text: self.t('sequence_minutes') }), minutes,
        el('p', { className: 'ip-wd-count', id: minutesId + '-hint', text: self.t('minutes_hint', { limit: limits.minutes }) }),
      ]));
      box.appendChild(self.objectiveBoxes(base + '-o', sequence, self.t('sequence_objectives')));
      [['materials', 'sequence_materials'], ['notes', 'sequence_notes'], ['access', 'sequence_access']].forEach(function (pair) {
        box.appendChild(self.textField(base + '-' + pair[0], self.t(pair[1]), limits.medium,
          function () { return sequence[pair[0]]; }, function (v) { sequence[pair[0]] = v; }, { multiline: true, rows: 2 }));
      });
      var tools = el('div', { className: 'ip-wd-tools' });
      function move(by, buttonId) {
        var at = plan.sequences.indexOf(sequence);
        var to = at + by;
        if (to < 0 || to >= plan.sequences.length) return;
        plan.sequences.splice(at, 1);
        plan.sequences.splice(to, 0, sequence);
        self.restructure(buttonId, self.t('sequence_moved', { number: to + 1 }));
      }
      tools.appendChild(self.button(base + '-up', self.t('move_up'), function () { move(-1, base + '-up'); },
        { secondary: true, disabled: i === 0, label: self.t('move_up_label', { number: number }) }));
      tools.appendChild(self.button(base + '-down', self.t('move_down'), function () { move(1, base + '-down'); },
        { secondary: true, disabled: i === plan.sequences.length - 1, label: self.t('move_down_label', { number: number }) }));
      tools.appendChild(self.button(base + '-remove', self.t('remove'), function () {
        plan.sequences.splice(plan.sequences.indexOf(sequence), 1);
        self.restructure(self.key('seq-add'), self.t('sequence_removed', { number: number }));
      }, { secondary: true, label: self.t('remove_sequence', { number: number }) }));
      box.appendChild(tools);
      sequences.appendChild(box);
    });
    var fullSequences = plan.sequences.length >= limits.sequences;
    sequences.appendChild(this.button(this.key('seq-add'), this.t('add_sequence'), function () {
      var id = nextId('s', plan.sequences);
      plan.sequences.push({ id: id, title: '', objectives: [], method: '', minutes: 0, materials: '', notes: '', access: '' });
      self.restructure(self.key('seq', id, 'title'));
    }, { disabled: fullSequences }));
    node.appendChild(sequences);

    // Evaluations
    var kinds = view.evaluation_kinds.map(function (k) { return [k, self.t('evaluation_' + k)]; });
    var evaluations = el('div', { className: 'ip-wd-part' }, [el('h4', { text: this.t('evaluations_heading') }),
      el('p', { className: 'ip-wd-hint', text: this.t('evaluations_hint') })]);
    plan.evaluations.forEach(function (evaluation, i) {
      var base = self.key('eval', evaluation.id);
      var number = i + 1;
      var box = el('fieldset', { className: 'ip-wd-group', id: base }, [el('legend', { text: self.t('evaluation_label', { number: number }) })]);
      box.appendChild(self.select(base + '-kind', self.t('evaluation_kind'), kinds, evaluation.kind, function (value) {
        evaluation.kind = value;
        self.edited(false);
      }));
      box.appendChild(self.objectiveBoxes(base + '-o', evaluation, self.t('evaluation_objectives')));
      box.appendChild(self.textField(base + '-text', self.t('evaluation_text'), limits.medium,
        function () { return evaluation.text; }, function (v) { evaluation.text = v; }, { multiline: true, rows: 2 }));
      box.appendChild(self.button(base + '-remove', self.t('remove'), function () {
        plan.evaluations.splice(plan.evaluations.indexOf(evaluation), 1);
        self.restructure(self.key('eval-add'), self.t('evaluation_removed', { number: number }));
      }, { secondary: true, label: self.t('remove_evaluation', { number: number }) }));
      evaluations.appendChild(box);
    });
    evaluations.appendChild(this.button(this.key('eval-add'), this.t('add_evaluation'), function () {
      var id = nextId('e', plan.evaluations);
      plan.evaluations.push({ id: id, kind: '', objectives: [], text: '' });
      self.restructure(self.key('eval', id, 'kind'));
    }, { disabled: plan.evaluations.length >= limits.evaluations }));
    node.appendChild(evaluations);

    // Logistics, answers to the brief, report
    var brief = view.brief;
    var answers = el('div', { className: 'ip-wd-part' }, [el('h4', { text: this.t('answers_heading') })]);
    answers.appendChild(this.textField(this.key('logistics'), this.t('logistics'), limits.long,
      function () { return plan.logistics; }, function (v) { plan.logistics = v; }, { multiline: true, rows: 4 }));
    [['constraints', brief.public.constraints, 'answer_constraint'],
      ['deliverables', brief.deliverables, 'answer_deliverable'],
      ['indicators', brief.indicators, 'answer_indicator']].forEach(function (group) {
      group[1].forEach(function (item) {
        answers.appendChild(self.textField(self.key('ans', group[0], item.id), self.t(group[2], { text: item.text }), limits.medium,
          function () { return plan[group[0]][item.id]; },
          function (v) { plan[group[0]][item.id] = v; }, { multiline: true, rows: 2 }));
      });
    });
    answers.appendChild(this.textField(this.key('report'), this.t('report'), limits.long,
      function () { return plan.report; }, function (v) { plan.report = v; }, { multiline: true, rows: 4 }));
    node.appendChild(answers);
    node.addEventListener('focusout', function (event) {
      var target = event.target;
      if (self.dirty && target && (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT')) self.edited(false);
    });
    return node;
  };

  // --- The checks ----------------------------------------------------------------------------

  View.prototype.checksList = function (checks) {
    var self = this;
    return el('ul', { className: 'ip-wd-check-list' }, checks.map(function (check) {
      var outcome = check.outcome || outcomeOf(check.fraction);
      var item = el('li', { className: 'ip-wd-check ip-wd-' + outcome });
      item.appendChild(el('p', { className: 'ip-wd-check-head' }, [
        el('span', { className: 'ip-wd-symbol', 'aria-hidden': 'true', text: SYMBOLS[outcome] }),
        el('span', { className: 'ip-wd-label', text: self.t('check_' + check.id) + ': ' }),
        el('span', { text: self.t('outcome_' + outcome) }),
        check.weight !== undefined ? el('span', { className: 'ip-wd-weight', text: ' ' + self.t('weight', { weight: check.weight }) }) : null,
      ]));
      if (check.lines && check.lines.length) {
        item.appendChild(el('ul', {}, check.lines.map(function (line) { return el('li', { text: line }); })));
      }
      return item;
    }));
  };

  View.prototype.sequenceName = function (plan, sid) {
    var index = plan.sequences.map(function (s) { return s.id; }).indexOf(sid);
    var sequence = plan.sequences[index];
    return this.t('sequence_short', { number: index + 1, title: (sequence && sequence.title) || this.t('untitled') });
  };

  View.prototype.evaluationName = function (plan, eid) {
    var index = plan.evaluations.map(function (e) { return e.id; }).indexOf(eid);
    var evaluation = plan.evaluations[index];
    var kind = evaluation && evaluation.kind ? this.t('evaluation_' + evaluation.kind) : this.t('untitled');
    return this.t('evaluation_short', { number: index + 1, kind: kind });
  };

  View.prototype.scroll = function (label, table) {
    return el('div', { className: 'ip-wd-scroll', tabindex: '0', role: 'region', 'aria-label': label }, [table]);
  };

  View.prototype.alignmentTable = function (plan, alignment, idBase) {
    var self = this;
    var caption = this.t('alignment_heading');
    if (!alignment.length) return el('p', { className: 'ip-wd-hint', text: this.t('alignment_empty') });
    function cell(names) {
      if (!names.length) {
        return el('td', { className: 'ip-wd-none' }, [
          el('span', { 'aria-hidden': 'true', text: '⚠ ' }), el('strong', { text: self.t('none') }),
        ]);
      }
      return el('td', {}, [el('ul', {}, names.map(function (name) { return el('li', { text: name }); }))]);
    }
    var tbody = el('tbody');
    alignment.forEach(function (row) {
      var index = plan.objectives.map(function (o) { return o.id; }).indexOf(row.objective);
      var objective = plan.objectives[index] || { text: row.objective };
      tbody.appendChild(el('tr', {}, [
        el('th', { scope: 'row', text: self.objectiveLabel(objective, index) }),
        cell(row.sequences.map(function (sid) { return self.sequenceName(plan, sid); })),
        cell(row.evaluations.map(function (eid) { return self.evaluationName(plan, eid); })),
      ]));
    });
    var table = el('table', { className: 'ip-wd-table', id: idBase }, [
      el('caption', { text: caption }),
      el('thead', {}, [el('tr', {}, [
        el('th', { scope: 'col', text: this.t('column_objective') }),
        el('th', { scope: 'col', text: this.t('column_serving') }),
        el('th', { scope: 'col', text: this.t('column_assessing') }),
      ])]),
      tbody,
    ]);
    return this.scroll(caption, table);
  };

  View.prototype.minutesLine = function (minutes, brief) {
    var low = brief.minutes - brief.tolerance;
    var high = brief.minutes + brief.tolerance;
    var key = minutes < low ? 'minutes_short' : minutes > high ? 'minutes_long' : 'minutes_fit';
    return this.t(key, {
      total: this.duration(minutes), asked: this.duration(brief.minutes), tolerance: this.duration(brief.tolerance),
    });
  };

  View.prototype.checksSection = function (view, editable) {
    var self = this;
    var node = this.section('checks', this.t('checks_heading'));
    this.nodes.checks = node;
    node.appendChild(el('p', { className: 'ip-wd-hint', text: this.t('checks_intro', { share: percent(view.checks_share) }) }));
    node.appendChild(el('p', { className: 'ip-wd-minutes-total', text: this.minutesLine(view.minutes, view.brief) }));
    node.appendChild(this.checksList(view.checks));
    node.appendChild(this.alignmentTable(editable ? this.checkedPlan || this.plan : view.plan, view.alignment, this.key('alignment')));
    if (editable) {
      node.appendChild(this.button(this.key('run-checks'), this.t('run_checks'), function () {
        self.say(self.t('status_saving'));
        self.saveNow();
      }));
    }
    return node;
  };

  /** After a save: the checks, the submit button and an open document, in place. */
  View.prototype.paintLive = function () {
    if (!this.state || this.state.submitted || !this.nodes.checks) return;
    var active = document.activeElement;
    var keep = active && active.id && this.root.contains(active) ? active.id : null;
    var old = this.nodes.checks;
    old.parentNode.replaceChild(this.checksSection(this.state, true), old);
    var submit = this.nodes.submit;
    if (submit) submit.parentNode.replaceChild(this.submitSection(this.state), submit);
    this.refreshDocument();
    if (keep && !document.getElementById(keep)) keep = null;
    this.focus(keep, true);
  };

  // --- Submitting ------------------------------------------------------------------------------

  View.prototype.submitSection = function (view) {
    var self = this;
    var node = this.section('submit', this.t('submit_heading'));
    this.nodes.submit = node;
    var last = view.max_attempts > 0 && view.attempt >= view.max_attempts;
    if (!view.can_submit) node.appendChild(el('p', { className: 'ip-wd-hint', text: this.t('submit_empty') }));
    if (!this.confirming) {
      node.appendChild(el('p', { className: 'ip-wd-hint', text: this.tx('submit_hint', { attempt: view.attempt }) }));
      node.appendChild(this.button(this.key('submit'), this.t('submit'), function () {
        self.confirming = true;
        self.replaceSubmit(self.key('confirm-yes'));
      }, { disabled: !view.can_submit }));
      return node;
    }
    var questionId = this.key('confirm-question');
    var remaining = view.remaining;
    var question = last ? this.t('confirm_last')
      : remaining === null || remaining === undefined ? this.t('confirm_unlimited')
        : this.t('confirm_left', { left: remaining });
    node.appendChild(el('div', { className: 'ip-wd-confirm', role: 'group', 'aria-labelledby': questionId }, [
      el('p', { id: questionId, className: 'ip-wd-label', text: question }),
      this.button(this.key('confirm-yes'), this.t('confirm_submit'), function () {
        self.confirming = false;
        var pending = self.dirty || self.saving() ? self.saveNow() : Promise.resolve();
        pending.then(function () {
          self.request('submit', {}, function (answer) {
            self.show(answer, self.key('result', 'heading'));
            self.say(self.tx('submitted'));
          });
        }, function () {});
      }),
      this.button(this.key('confirm-no'), this.t('confirm_cancel'), function () {
        self.confirming = false;
        self.replaceSubmit(self.key('submit'));
      }, { secondary: true }),
    ]));
    return node;
  };

  View.prototype.replaceSubmit = function (focusId) {
    var old = this.nodes.submit;
    old.parentNode.replaceChild(this.submitSection(this.state), old);
    this.focus(focusId);
  };

  // --- The result --------------------------------------------------------------------------------

  View.prototype.resultSection = function (view) {
    var self = this;
    var result = view.result;
    var node = this.section('result', this.t('result_heading', { attempt: view.attempt }));
    if (!result) {
      node.appendChild(el('p', { className: 'ip-wd-status-line', text: this.t('status_awaiting') }));
      return node;
    }
    var grade = result.grade || {};
    if (result.status === 'awaiting') {
      node.appendChild(el('p', { className: 'ip-wd-status-line ip-wd-awaiting', text: this.t('status_awaiting') }));
      node.appendChild(el('p', { text: this.t('awaiting_checks', { percent: percent(grade.checks), share: percent(view.checks_share) }) }));
      if (result.explanations && result.explanations.score) node.appendChild(el('p', { text: result.explanations.score }));
    } else {
      node.appendChild(el('p', { className: 'ip-wd-status-line', text: this.t('status_' + result.status) }));
      if (result.explanations && result.explanations.score) node.appendChild(el('p', { className: 'ip-wd-score', text: result.explanations.score }));
      if (result.status === 'automatic') node.appendChild(el('p', { className: 'ip-wd-notice', text: this.t('automatic_print') }));
      else node.appendChild(this.levelsTable(view.rubric, result));
      if (result.overall) {
        node.appendChild(el('h4', { text: this.t('overall_heading') }));
        node.appendChild(el('p', { className: 'ip-wd-comment', text: result.overall }));
      }
      if (grade.capacities && grade.capacities.length) node.appendChild(this.capacitiesTable(grade, result.explanations));
      if (this.requiredMark !== null && view.kept) {
        var mark = { mark: percent(this.requiredMark), percent: percent(view.kept.raw) };
        node.appendChild(el('p', { text: this.t(view.kept.raw >= this.requiredMark ? 'required_met' : 'required_unmet', mark) }));
      }
    }
    if (view.kept && view.kept.attempt !== result.attempt) {
      node.appendChild(el('p', { className: 'ip-wd-notice', text: this.t('kept_other', { attempt: view.kept.attempt, percent: percent(view.kept.raw) }) }));
    }
    if (view.can_restart) {
      var left = view.remaining;
      node.appendChild(this.button(this.key('restart'), left === null || left === undefined ? this.t('restart') : this.t('restart_left', { left: left }), function () {
        self.request('restart', {}, function (answer) {
          self.show(answer, self.key('editor', 'heading'));
          self.say(self.t('restarted', { attempt: answer.attempt }));
        });
      }));
    } else if (result.status !== 'awaiting' && view.max_attempts > 0 && view.remaining === 0) {
      node.appendChild(el('p', { className: 'ip-wd-hint', text: this.t('no_attempts') }));
    }
    return node;
  };

  View.prototype.levelsTable = function (rubric, result) {
    var self = this;
    var caption = this.t('levels_heading');
    var tbody = el('tbody');
    rubric.forEach(function (criterion) {
      var points = result.levels ? result.levels[criterion.id] : null;
      var level = find(criterion.levels, 'points', points);
      var max = Math.max.apply(null, criterion.levels.map(function (lv) { return lv.points; }));
      tbody.appendChild(el('tr', {}, [
        el('th', { scope: 'row', text: criterion.label }),
        el('td', { text: level ? self.t('level_points', { label: level.label, points: points, max: max }) : '—' }),
        el('td', { text: (result.comments || {})[criterion.id] || '—' }),
      ]));
    });
    return this.scroll(caption, el('table', { className: 'ip-wd-table ip-wd-levels' }, [
      el('caption', { text: caption }),
      el('thead', {}, [el('tr', {}, [
        el('th', { scope: 'col', text: this.t('column_criterion') }),
        el('th', { scope: 'col', text: this.t('column_level') }),
        el('th', { scope: 'col', text: this.t('column_comment') }),
      ])]),
      tbody,
    ]));
  };

  View.prototype.capacitiesTable = function (grade, explanations) {
    var self = this;
    var caption = this.t('capacities_heading');
    var lines = (explanations && explanations.capacities) || {};
    var tbody = el('tbody');
    grade.capacities.forEach(function (c) {
      tbody.appendChild(el('tr', {}, [
        el('th', { scope: 'row', text: c.code }),
        el('td', { text: self.capacities[c.code] || c.code }),
        el('td', { text: self.t('percent', { percent: c.possible ? Math.round((c.earned / c.possible) * 100) : 0 }) }),
        el('td', { text: lines[c.code] || '' }),
      ]));
    });
    return this.scroll(caption, el('table', { className: 'ip-wd-table' }, [
      el('caption', { text: caption }),
      el('thead', {}, [el('tr', {}, [
        el('th', { scope: 'col', text: this.t('column_capacity') }),
        el('th', { scope: 'col', text: this.t('column_label') }),
        el('th', { scope: 'col', text: this.t('column_percent') }),
        el('th', { scope: 'col', text: this.t('column_explained') }),
      ])]),
      tbody,
    ]));
  };

  // --- The plan as a document ----------------------------------------------------------------------

  View.prototype.documentToggle = function () {
    var self = this;
    var node = el('div', { className: 'ip-wd-section ip-wd-doc-part' });
    this.nodes.docPart = node;
    node.appendChild(this.button(this.key('doc-toggle'), this.t(this.docOpen ? 'document_close' : 'document_open'), function () {
      self.docOpen = !self.docOpen;
      var old = self.nodes.docPart;
      old.parentNode.replaceChild(self.documentToggle(), old);
      self.focus(self.docOpen ? self.key('doc', 'heading') : self.key('doc-toggle'));
    }, { secondary: true, expanded: this.docOpen }));
    if (this.docOpen) node.appendChild(this.planDocument(this.plan, this.state.brief, this.key('doc'), 3));
    return node;
  };

  View.prototype.refreshDocument = function () {
    if (!this.docOpen || !this.nodes.docPart) return;
    var old = this.nodes.docPart;
    old.parentNode.replaceChild(this.documentToggle(), old);
  };

  /** The déroulé pédagogique of `plan`, ready to print; headings from `level`. */
  View.prototype.planDocument = function (plan, brief, idBase, level) {
    var self = this;
    var h = 'h' + level;
    var sub = 'h' + (level + 1);
    var headingId = idBase + '-heading';
    var node = el('section', { className: 'ip-wd-doc', id: idBase, 'aria-labelledby': headingId });
    node.appendChild(el(h, { id: headingId, tabindex: '-1', text: this.t('document_heading', { title: brief.title }) }));
    var printButton = this.button(idBase + '-print', this.t('print'), function () {
      node.classList.add('ip-wd-print-target');
      global.print();
    }, { secondary: true });
    node.appendChild(el('div', { className: 'ip-wd-noprint' }, [printButton]));
    node.appendChild(el('p', { text: this.t('document_commission', { name: brief.commissioner.name }) }));
    if (plan.goal) node.appendChild(el('p', {}, [el('strong', { text: this.t('labelled', { label: this.t('goal') }) }), document.createTextNode(plan.goal)]));
    node.appendChild(el(sub, { text: this.t('objectives_heading') }));
    node.appendChild(plan.objectives.length
      ? el('ol', {}, plan.objectives.map(function (o) { return el('li', { text: o.text || self.t('objective_untitled') }); }))
      : el('p', { text: this.t('none') }));
    node.appendChild(el(sub, { text: this.t('document_timeline') }));
    var start = 0;
    var tbody = el('tbody');
    var objectiveNumber = {};
    plan.objectives.forEach(function (o, i) { objectiveNumber[o.id] = i + 1; });
    plan.sequences.forEach(function (s, i) {
      var end = start + s.minutes;
      var assessed = plan.evaluations.filter(function (e) {
        return e.objectives.some(function (ref) { return s.objectives.indexOf(ref) >= 0; });
      }).map(function (e) { return self.evaluationName(plan, e.id); });
      var details = [el('strong', { text: self.t('sequence_short', { number: i + 1, title: s.title || self.t('untitled') }) })];
      if (s.notes) details.push(el('p', { text: self.t('labelled', { label: self.t('sequence_notes') }) + s.notes }));
      if (s.access) details.push(el('p', { text: self.t('labelled', { label: self.t('sequence_access') }) + s.access }));
      tbody.appendChild(el('tr', {}, [
        el('td', { className: 'ip-wd-nowrap', text: self.t('time_range', { from: self.clock(start), to: self.clock(end) }) }),
        el('td', {}, details),
        el('td', { text: s.objectives.map(function (ref) { return self.t('objective_number', { number: objectiveNumber[ref] }); }).join(self.t('list_separator')) || '—' }),
        el('td', { text: s.method ? self.t('method_' + s.method) : '—' }),
        el('td', { text: s.materials || '—' }),
        el('td', { text: assessed.join(self.t('list_separator')) || '—' }),
      ]));
      start = end;
    });
    var caption = this.t('document_timeline_caption', { total: this.duration(start) });
    var timeline = el('table', { className: 'ip-wd-table ip-wd-timeline' }, [
      el('caption', { text: caption }),
      el('thead', {}, [el('tr', {}, ['column_time', 'column_sequence', 'column_objectives', 'column_method', 'column_materials', 'column_evaluation'].map(function (key) {
        return el('th', { scope: 'col', text: self.t(key) });
      }))]),
      tbody,
    ]);
    node.appendChild(plan.sequences.length ? this.scroll(caption, timeline) : el('p', { text: this.t('none') }));
    node.appendChild(el(sub, { text: this.t('evaluations_heading') }));
    node.appendChild(plan.evaluations.length ? el('ul', {}, plan.evaluations.map(function (e) {
      var refs = e.objectives.map(function (ref) { return self.t('objective_number', { number: objectiveNumber[ref] }); }).join(self.t('list_separator'));
      return el('li', { text: self.evaluationName(plan, e.id) + (refs ? ' (' + refs + ')' : '') + (e.text ? ' — ' + e.text : '') });
    })) : el('p', { text: this.t('none') }));
    function answers(heading, items, part) {
      if (!items.length) return;
      node.appendChild(el(sub, { text: heading }));
      node.appendChild(el('dl', {}, [].concat.apply([], items.map(function (item) {
        return [el('dt', { text: item.text }), el('dd', { text: (plan[part] || {})[item.id] || '—' })];
      }))));
    }
    answers(this.t('answers_constraints'), brief.public.constraints, 'constraints');
    answers(this.t('brief_deliverables'), brief.deliverables, 'deliverables');
    answers(this.t('brief_indicators'), brief.indicators, 'indicators');
    if (plan.logistics) {
      node.appendChild(el(sub, { text: this.t('logistics') }));
      node.appendChild(el('p', { className: 'ip-wd-pre', text: plan.logistics }));
    }
    node.appendChild(el(sub, { text: this.t('report') }));
    node.appendChild(el('p', { className: 'ip-wd-pre', text: plan.report || '—' }));
    return node;
  };

  // --- Staff: the submissions and the grading screen --------------------------------------------

  View.prototype.staffSection = function () {
    var self = this;
    var node = this.section('staff', this.t('submissions_heading'));
    node.appendChild(el('p', { className: 'ip-wd-hint', text: this.t('submissions_intro') }));
    this.staffAlert = el('div', { className: 'ip-wd-alert', role: 'alert' });
    node.appendChild(this.staffAlert);
    var filters = el('div', { className: 'ip-wd-filters' });
    var statuses = [['awaiting', this.t('status_awaiting')], ['graded', this.t('status_graded')], ['regraded', this.t('status_regraded')]];
    var statusField = this.select(this.key('filter-status'), this.t('filter_status'), statuses, this.filter.status, function (value) {
      self.filter.status = value;
      self.paintRows();
    });
    statusField.querySelector('option[value=""]').textContent = this.t('filter_all');
    filters.appendChild(statusField);
    var searchId = this.key('filter-name');
    var search = el('input', { type: 'search', id: searchId, className: 'ip-wd-input' });
    search.addEventListener('input', function () { self.filter.name = search.value; self.paintRows(); });
    filters.appendChild(el('div', { className: 'ip-wd-field' }, [el('label', { for: searchId, className: 'ip-wd-label', text: this.t('filter_name') }), search]));
    filters.appendChild(this.button(this.key('reload-list'), this.t('submissions_reload'), function () { self.loadSubmissions(); }, { secondary: true }));
    node.appendChild(filters);
    this.listCount = el('p', { className: 'ip-wd-hint', role: 'status' });
    node.appendChild(this.listCount);
    var caption = this.t('submissions_caption');
    this.listBody = el('tbody');
    var table = el('table', { className: 'ip-wd-table ip-wd-list', id: this.key('list') }, [
      el('caption', { text: caption }),
      el('thead', {}, [el('tr', {}, ['column_learner', 'column_attempt', 'column_status', 'column_checks', 'column_grade', 'column_submitted', 'column_action'].map(function (key) {
        return el('th', { scope: 'col', text: self.t(key) });
      }))]),
      this.listBody,
    ]);
    node.appendChild(this.scroll(caption, table));
    this.listBody.addEventListener('click', function (event) {
      var button = event.target.closest && event.target.closest('button[data-learner]');
      if (button) self.openScreen(button.getAttribute('data-learner'));
    });
    this.screenNode = el('div', { className: 'ip-wd-screen-part' });
    node.appendChild(this.screenNode);
    return node;
  };

  View.prototype.loadSubmissions = function (then) {
    var self = this;
    return this.request('submissions', {}, function (answer) {
      self.rows = answer.submissions || [];
      self.paintRows();
      if (then) then();
    }, function (error, message) { self.staffError(message); });
  };

  View.prototype.staffError = function (message) {
    if (!this.staffAlert) return;
    this.staffAlert.textContent = '';
    this.staffAlert.appendChild(el('p', { text: message }));
  };

  View.prototype.date = function (iso) {
    if (!iso) return '—';
    var date = new Date(iso);
    if (isNaN(date.getTime())) return iso;
    if (!this.dates) {
      this.dates = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: 'medium', timeStyle: 'short' });
    }
    return this.dates.format(date);
  };

  /** The list's rows, filtered, built off the page in one fragment. */
  View.prototype.paintRows = function () {
    var self = this;
    if (!this.listBody || !this.rows) return;
    var wanted = this.filter.status;
    var name = this.filter.name.trim().toLowerCase();
    var shown = this.rows.filter(function (row) {
      return (!wanted || row.status === wanted) && (!name || String(row.name).toLowerCase().indexOf(name) >= 0);
    });
    var fragment = document.createDocumentFragment();
    var dash = '—';
    var gradeText = this.t('grade');
    shown.forEach(function (row) {
      var tr = document.createElement('tr');
      var th = document.createElement('th');
      th.scope = 'row';
      th.textContent = row.name;
      tr.appendChild(th);
      [String(row.attempt), self.t('status_' + row.status),
        typeof row.checks === 'number' ? self.t('percent', { percent: percent(row.checks) }) : dash,
        typeof row.raw === 'number' ? self.t('percent', { percent: percent(row.raw) }) : dash,
        self.date(row.submitted)].forEach(function (text) {
        var td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      });
      var td = document.createElement('td');
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'ip-wd-button ip-wd-small';
      button.textContent = gradeText;
      button.setAttribute('aria-label', self.t('grade_learner', { name: row.name }));
      button.setAttribute('data-learner', row.learner);
      td.appendChild(button);
      tr.appendChild(td);
      fragment.appendChild(tr);
    });
    this.listBody.textContent = '';
    this.listBody.appendChild(fragment);
    this.listCount.textContent = this.rows.length
      ? this.t('submissions_count', { shown: shown.length, count: this.rows.length })
      : this.t('submissions_none');
  };

  View.prototype.openScreen = function (learner) {
    var self = this;
    this.staffAlert.textContent = '';
    this.request('submission', { learner: learner }, function (screen) {
      self.form = null;
      self.showScreen(screen, self.key('screen', 'heading'));
    }, function (error, message) { self.staffError(message); });
  };

  /** The trainer's form, from the latest grading when there is one. */
  View.prototype.formFor = function (screen) {
    var latest = screen.gradings && screen.gradings.length ? screen.gradings[screen.gradings.length - 1] : null;
    return {
      learner: screen.learner,
      levels: latest ? Object.assign({}, latest.levels) : {},
      comments: latest ? Object.assign({}, latest.comments) : {},
      overall: latest ? latest.overall || '' : '',
    };
  };

  View.prototype.showScreen = function (screen, focusId, message) {
    this.screen = screen;
    if (!this.form || this.form.learner !== screen.learner) this.form = this.formFor(screen);
    this.screenNode.textContent = '';
    this.screenNode.appendChild(this.gradingScreen(screen, message));
    this.focus(focusId);
  };

  View.prototype.gradingScreen = function (screen, message) {
    var self = this;
    var form = this.form;
    var node = this.section('screen', this.t('screen_heading', { name: screen.name, attempt: screen.attempt }));
    var screenAlert = el('div', { className: 'ip-wd-alert', role: 'alert', id: this.key('screen-alert') });
    if (message) screenAlert.appendChild(el('p', { text: message }));
    node.appendChild(screenAlert);
    node.appendChild(el('p', { text: this.t('screen_status', { status: this.t('status_' + screen.status), submitted: this.date(screen.submitted) }) }));
    if (screen.content_changed) node.appendChild(el('p', { className: 'ip-wd-notice', text: this.t('screen_content_changed') }));
    node.appendChild(this.button(this.key('screen-close'), this.t('screen_close'), function () {
      self.screen = null;
      self.form = null;
      self.screenNode.textContent = '';
      self.focus(self.key('reload-list'));
    }, { secondary: true }));
    node.appendChild(this.planDocument(screen.plan, screen.brief, this.key('screen-doc'), 4));
    var checks = el('div', { className: 'ip-wd-part' }, [el('h4', { text: this.t('checks_heading') })]);
    checks.appendChild(this.checksList(screen.checks));
    checks.appendChild(this.alignmentTable(screen.plan, screen.alignment, this.key('screen-alignment')));
    node.appendChild(checks);
    if (screen.result && screen.result.explanations && screen.status !== 'awaiting') {
      node.appendChild(el('p', { className: 'ip-wd-score', text: screen.result.explanations.score }));
    }

    var grading = el('form', { className: 'ip-wd-grading', novalidate: true, 'aria-labelledby': this.key('grading-heading') });
    grading.appendChild(el('h4', { id: this.key('grading-heading'), text: this.t('grading_heading') }));
    screen.rubric.forEach(function (criterion) {
      var base = self.key('crit', criterion.id);
      var box = el('fieldset', { className: 'ip-wd-group', id: base }, [el('legend', { text: criterion.label })]);
      box.appendChild(el('p', { className: 'ip-wd-hint', text: criterion.prompt }));
      if (criterion.notes) box.appendChild(el('p', { className: 'ip-wd-notes', text: self.t('notes_line', { notes: criterion.notes }) }));
      criterion.levels.forEach(function (level) {
        var id = base + '-' + level.points;
        var radio = el('input', { type: 'radio', name: base, id: id, value: String(level.points), checked: form.levels[criterion.id] === level.points });
        radio.addEventListener('change', function () { if (radio.checked) form.levels[criterion.id] = level.points; });
        box.appendChild(el('label', { className: 'ip-wd-choice', for: id }, [radio, el('span', {}, [
          el('span', { className: 'ip-wd-label', text: self.t('level_line', { label: level.label, points: level.points }) }),
          level.text ? el('span', { className: 'ip-wd-level-text', text: ' — ' + level.text }) : null,
        ])]));
      });
      var commentId = base + '-comment';
      var comment = el('textarea', { id: commentId, className: 'ip-wd-textarea', maxlength: 2000, rows: 2 });
      comment.value = form.comments[criterion.id] || '';
      comment.addEventListener('input', function () { form.comments[criterion.id] = comment.value; });
      box.appendChild(el('div', { className: 'ip-wd-field' }, [
        el('label', { for: commentId, className: 'ip-wd-label', text: self.t('comment_on', { label: criterion.label }) }), comment,
      ]));
      grading.appendChild(box);
    });
    var overallId = this.key('overall');
    var overall = el('textarea', { id: overallId, className: 'ip-wd-textarea', maxlength: 2000, rows: 3 });
    overall.value = form.overall;
    overall.addEventListener('input', function () { form.overall = overall.value; });
    grading.appendChild(el('div', { className: 'ip-wd-field' }, [el('label', { for: overallId, className: 'ip-wd-label', text: this.t('overall_comment') }), overall]));
    grading.appendChild(el('button', { type: 'submit', id: this.key('save-grading'), className: 'ip-wd-button', text: this.t('save_grading') }));
    grading.addEventListener('submit', function (event) {
      event.preventDefault();
      self.saveGrading(screenAlert);
    });
    node.appendChild(grading);

    node.appendChild(el('h4', { text: this.t('history_heading') }));
    if (!screen.gradings.length) node.appendChild(el('p', { text: this.t('history_none') }));
    else {
      var caption = this.t('history_heading');
      var tbody = el('tbody');
      screen.gradings.forEach(function (g) {
        tbody.appendChild(el('tr', {}, [
          el('td', { text: g.by || '—' }), el('td', { text: self.date(g.at) }),
          el('td', { text: self.t('percent', { percent: percent(g.raw) }) }),
        ]));
      });
      node.appendChild(this.scroll(caption, el('table', { className: 'ip-wd-table ip-wd-history' }, [
        el('caption', { className: 'ip-wd-sr-only', text: caption }),
        el('thead', {}, [el('tr', {}, ['column_by', 'column_at', 'column_grade'].map(function (key) {
          return el('th', { scope: 'col', text: self.t(key) });
        }))]),
        tbody,
      ])));
    }
    return node;
  };

  View.prototype.saveGrading = function (screenAlert) {
    var self = this;
    var screen = this.screen;
    var form = this.form;
    var missing = screen.rubric.filter(function (c) { return typeof form.levels[c.id] !== 'number'; });
    screenAlert.textContent = '';
    if (missing.length) {
      screenAlert.appendChild(el('p', { text: this.t('grading_incomplete', { criteria: missing.map(function (c) { return c.label; }).join(this.t('list_separator')) }) }));
      var first = document.querySelector('input[name="' + this.key('crit', missing[0].id) + '"]');
      if (first) first.focus();
      return;
    }
    var comments = {};
    Object.keys(form.comments).forEach(function (cid) { if (form.comments[cid].trim()) comments[cid] = form.comments[cid]; });
    this.request('grade', {
      learner: screen.learner, attempt: screen.attempt, version: screen.version,
      levels: form.levels, comments: comments, overall: form.overall,
    }, function (answer) {
      self.form = null;
      self.showScreen(answer, self.key('screen', 'heading'), self.t('grading_saved'));
      self.say(self.t('grading_saved'));
      self.loadSubmissions();
    }, function (error, message) {
      if (error.status === 409) {
        // Graded meanwhile: the grading now made is shown, the trainer's own input kept.
        self.request('submission', { learner: screen.learner }, function (fresh) {
          self.showScreen(fresh, self.key('save-grading'), message);
          self.say(message);
          self.loadSubmissions();
        }, function (again, text) { self.staffError(text); });
        return;
      }
      screenAlert.textContent = '';
      screenAlert.appendChild(el('p', { text: self.t('error', { message: message }) }));
    });
  };

  global.WorkshopDesignView = View;
})(typeof window !== 'undefined' ? window : globalThis);
