/* Partner network: the learner-facing page, shared by Open edX and SCORM.
 *
 * It renders a view state (engine.learner_view in Python, plus the block's notice, kept
 * attempt, result and reference) and sends the learner's changes to a transport; it decides
 * nothing itself. Every string comes from `ui`; whatever an author or a learner wrote is set
 * with textContent only, so it shows as text, never as markup.
 *
 * Every change is saved at once (autosave). Requests go one at a time; changes made while
 * one runs wait in a queue where a later change to the same thing (a partner's domains, a
 * question's answer, a situation's decision or justification) replaces the earlier one, and
 * the page shows them as already made. The page is rendered from the state after each answer,
 * part by part: a part whose data did not change keeps its nodes (a 40-partner map would
 * otherwise make the browser restyle thousands of elements on each tick of a box). Ids are
 * stable, so the focus, the open folds and the text being typed are kept in a part built
 * again too (text fields and the map's drawing are the same nodes from one render to the next).
 */
(function (global) {
  'use strict';

  var SAVE_DELAY_MS = 1500;  // a justification is saved after this pause in typing
  var NARROW = '(max-width: 40rem)';
  var ONCE = { submit: true, restart: true, get_state: true, submissions: true };
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

  function percent(value) { return Math.round(value * 100); }
  function codePoints(text) { return Array.from(text).length; }
  function clone(value) { return JSON.parse(JSON.stringify(value)); }
  function find(list, field, value) {
    for (var i = 0; i < list.length; i += 1) if (list[i][field] === value) return list[i];
    return null;
  }
  function samePair(a, b) {
    return (a.from === b.from && a.to === b.to) || (a.from === b.to && a.to === b.from);
  }
  function checkedValues(container) {
    return Array.prototype.map.call(container.querySelectorAll('input:checked'), function (input) {
      return input.value;
    });
  }

  /** Make `nodes` the children of `parent`, in order, without moving a node that stays: one
   * taken out and put back loses its computed style (and the focus). */
  function reconcile(parent, nodes) {
    var wanted = new Set(nodes);
    Array.prototype.slice.call(parent.childNodes).forEach(function (child) {
      if (!wanted.has(child)) parent.removeChild(child);
    });
    var at = parent.firstChild;
    nodes.forEach(function (node) {
      if (node === at) at = at.nextSibling;
      else parent.insertBefore(node, at);
    });
  }

  /** The nodes of a list of parts (each a node, a list of nodes or nothing), in order. */
  function flat(parts) {
    return [].concat.apply([], parts).filter(Boolean);
  }

  function isLastAttempt(view) { return view.max_attempts > 0 && view.attempt >= view.max_attempts; }
  function narrow() { return Boolean(global.matchMedia && global.matchMedia(NARROW).matches); }

  /** A choice list of the view: a question (part "") or one list of a strategy. */
  function choiceList(view, question, part) {
    if (!part) return find(view.questions, 'id', question);
    var strategy = find(view.strategies, 'id', question);
    return strategy && find(strategy.lists, 'part', part);
  }

  // How a change not yet saved shows in the view, so that the page never flicks back.
  var OVERLAY = {
    place: function (view, change) {
      var rank = {};
      view.partners.forEach(function (p, i) { rank[p.id] = i; });
      var placed = view.map.placed.filter(function (entry) { return entry.partner !== change.partner; });
      if (change.domains.length) placed.push({ partner: change.partner, domains: change.domains.slice() });
      view.map.placed = placed.sort(function (a, b) { return rank[a.partner] - rank[b.partner]; });
    },
    relate: function (view, change) {
      view.map.relations.push({ from: change.from, to: change.to, relation: change.relation, two_way: change.two_way });
    },
    unrelate: function (view, change) {
      view.map.relations = view.map.relations.filter(function (r) { return !samePair(r, change); });
    },
    answer: function (view, change) {
      var list = choiceList(view, change.question, change.part);
      if (list) list.chosen = change.options.slice();
    },
    decide: function (view, change) {
      var situation = find(view.situations, 'id', change.situation);
      situation.chosen = situation.partners.filter(function (id) { return change.partners.indexOf(id) >= 0; });
      situation.first = change.first;
    },
    justify: function (view, change) {
      find(view.situations, 'id', change.situation).justification = change.text;
    },
  };

  /** Changes that set a value: a later one to the same thing replaces a waiting one. */
  function changeKey(change) {
    if (change.type === 'place') return 'place:' + change.partner;
    if (change.type === 'answer') return 'answer:' + change.question + '/' + change.part;
    if (change.type === 'decide' || change.type === 'justify') return change.type + ':' + change.situation;
    return null;
  }

  function View(root, options) {
    var self = this;
    this.root = root;
    this.transport = options.transport;
    this.ui = options.ui;
    this.capacities = options.capacities || {};
    this.requiredMark = typeof options.requiredMark === 'number' ? options.requiredMark : null;
    this.staff = Boolean(options.staff);
    this.title = options.title || '';
    this.id = options.id || 'ip-pn-' + (++instances);
    this.state = null;
    this.queue = [];        // requests waiting, oldest first
    this.sending = null;    // the request under way
    this.halted = null;     // a request the network failed: it waits for "Try again"
    this.drafts = {};       // situation id -> justification typed and not saved yet
    this.saved = {};        // situation id -> true once a justification was saved
    this.timers = {};
    this.form = { from: '', to: '', relation: '', two_way: false };  // "Add a relation"
    this.formError = '';
    this.listOnly = false;  // the map as a list only: no drawing
    this.folds = {};        // details id -> open, as the learner left it
    this.notice = null;
    this.submissions = null;
    this.nodes = {};        // nodes kept from one render to the next
    this.parts = {};        // part key -> {signature, nodes}: the parts on the page now
    this.nextParts = {};    // the same, for the render under way
    this.alert = el('div', { className: 'ip-pn-alert', role: 'alert' });
    this.body = el('div', { className: 'ip-pn-body' });
    this.live = el('div', { className: 'ip-pn-sr-only', 'aria-live': 'polite' });
    root.textContent = '';
    [this.alert, this.body, this.live].forEach(function (node) { root.appendChild(node); });
    root.setAttribute('aria-busy', 'false');
    // Printing (the Print button, the browser's menu, print emulation) opens every fold.
    if (global.matchMedia) {
      global.matchMedia('print').addEventListener('change', function (event) { self.printing(event.matches); });
    }
    global.addEventListener('beforeprint', function () { self.printing(true); });
    global.addEventListener('afterprint', function () { self.printing(false); });
    root.addEventListener('keydown', function (event) {
      if (event.key === ' ' || event.key === 'Enter') self.press(true);
    });
    root.addEventListener('pointerdown', function () { self.press(true); });
    ['keyup', 'pointerup', 'pointercancel'].forEach(function (type) {
      document.addEventListener(type, function () { self.press(false); }, true);
    });
    global.addEventListener('blur', function () { self.press(false); });
  }

  View.prototype.t = function (key, values) {
    var text = this.ui[key] || key;
    return values ? format(text, values) : text;
  };

  View.prototype.key = function () {
    return [this.id].concat(Array.prototype.slice.call(arguments)).join('-');
  };

  View.prototype.start = function (initial) {
    if (initial) { this.render(initial); return Promise.resolve(initial); }
    return this.request('get_state', {});
  };

  // --- Requests: one at a time, never lost ---------------------------------------------------

  /** Queue a request. A change with the same `key` as the last one waiting replaces it (the
   * last only: an undo queued in between must still come after). Resolves once its answer is
   * rendered, rejects if it is refused. */
  View.prototype.enqueue = function (entry) {
    var self = this;
    var waiting = this.queue[this.queue.length - 1];
    if (entry.key && waiting && waiting.key === entry.key) {
      waiting.payload = entry.payload;
      return waiting.promise;
    }
    entry.promise = new Promise(function (resolve, reject) { entry.resolve = resolve; entry.reject = reject; });
    entry.promise.catch(function () {});  // a refusal is shown to the learner, not thrown
    this.queue.push(entry);
    this.setBusy();
    setTimeout(function () { self.pump(); }, 0);
    return entry.promise;
  };

  /** A learner's change to the draft: saved at once, shown at once (in the same frame as the
   * control's own change, unless `later`: a change made from a blur is shown once the blur is
   * over, see `refresh`). */
  View.prototype.change = function (payload, focusId, later) {
    this.notice = null;
    var promise = this.enqueue({ action: 'act', payload: payload, key: changeKey(payload) });
    if (later || this.pressed || this.rendering || !this.state) this.refresh(focusId);
    else {
      if (focusId) this.focusNext = focusId;
      this.paint();
    }
    return promise;
  };

  /** A request made once (submit, restart, a reload…): a second one while it waits is the
   * same request (a double click sends nothing more). */
  View.prototype.request = function (action, payload, focusId, apply) {
    var same = find(this.queue, 'action', action) || (this.sending && this.sending.action === action && this.sending);
    if (same && ONCE[action]) return same.promise;
    return this.enqueue({ action: action, payload: payload, focus: focusId, apply: apply });
  };

  View.prototype.pump = function () {
    var self = this;
    if (this.sending || this.halted || !this.queue.length) return;
    var entry = this.sending = this.queue.shift();
    this.setBusy();
    var reads = entry.action === 'get_state' || entry.action === 'submissions';
    var body = reads ? entry.payload : Object.assign({}, entry.payload, { at: this.state && this.state.at });
    this.transport.call(entry.action, body).then(function (answer) {
      self.sending = null;
      self.clearError();
      (entry.apply || self.applied).call(self, answer, entry);
      entry.resolve(answer);
    }, function (error) {
      self.sending = null;
      self.failed(entry, error);
    }).then(function () {
      self.setBusy();
      self.pump();
    });
  };

  /** The default answer of a request: the new view state, rendered. */
  View.prototype.applied = function (view, entry) {
    var payload = entry.payload;
    if (payload.type === 'justify' && this.drafts[payload.situation] === payload.text) {
      delete this.drafts[payload.situation];
      this.saved[payload.situation] = true;
    }
    this.render(view, entry.focus);
    if (entry.action === 'restart') this.say(this.t('restarted', { attempt: view.attempt }));
    else if (payload.type === 'undo') this.say(this.t('undone'));
    else if (entry.action === 'act' && !this.queue.length) this.say(this.t('status_saved'));
  };

  /** A stale request reloads the state and says so (changes made on the old page are dropped,
   * but text being typed is kept and saved again); a refused one is dropped and the page
   * shows the state again; one the network lost waits, first in line, for "Try again". */
  View.prototype.failed = function (entry, error) {
    var self = this;
    var message = this.explain(error);
    if (error.status === 409 || error.stale) {
      this.queue.concat([entry]).forEach(function (dropped) { dropped.reject(error); });
      this.queue = [];
      this.request('get_state', {}, null, function (view) {
        self.render(view);
        Object.keys(self.drafts).forEach(function (sid) { self.saveText(sid); });
        self.notice = message;  // after the text is sent again: a change clears the notice
        self.refresh();
        self.say(message);
      });
      return;
    }
    if (!error.status && !error.template && !error.message) {
      this.queue.unshift(entry);
      this.halted = entry;
      this.showError(this.t('error_offline'), function () { self.halted = null; self.pump(); });
      if (this.state) this.render(this.state);
      return;
    }
    entry.reject(error);
    this.showError(this.t('error', { message: message }));
    if (this.state) this.render(this.state);
  };

  /** An error fit to show: an in-page engine's refusal translated, a server's message as is. */
  View.prototype.explain = function (error) {
    var refusals = this.ui.refusals || {};
    if (error.template && refusals[error.template]) return format(refusals[error.template], error.params || {});
    return error.message || this.t('unknown_error');
  };

  View.prototype.showError = function (message, retry) {
    var self = this;
    this.alert.textContent = '';
    this.alert.appendChild(el('p', { text: message }));
    if (retry) {
      var button = el('button', { type: 'button', className: 'ip-pn-button', text: this.t('retry') });
      button.addEventListener('click', function () { self.clearError(); retry(); });
      this.alert.appendChild(button);
    }
  };

  View.prototype.clearError = function () { this.alert.textContent = ''; };

  View.prototype.say = function (message) { this.live.textContent = message; };

  View.prototype.pending = function () {
    return (this.sending ? [this.sending] : []).concat(this.queue);
  };

  View.prototype.setBusy = function () {
    this.root.setAttribute('aria-busy', this.sending ? 'true' : 'false');
    var status = this.nodes.status;
    if (status) status.textContent = this.saveStatus();
  };

  View.prototype.saveStatus = function () {
    if (this.halted) return this.t('status_error');
    var changes = this.pending().filter(function (e) { return e.action === 'act'; });
    if (changes.length) return this.t('status_saving');
    return this.state && this.state.at.step > 0 ? this.t('status_saved') : '';
  };

  // --- Rendering -----------------------------------------------------------------------------

  /** The view as the learner sees it: the state plus the changes on their way. */
  View.prototype.shown = function (view) {
    var changes = this.pending().filter(function (e) { return e.action === 'act' && OVERLAY[e.payload.type]; });
    if (!changes.length) return view;
    var shown = clone(view);
    changes.forEach(function (e) { OVERLAY[e.payload.type](shown, e.payload); });
    shown.can_submit = !shown.submitted;
    shown.can_undo = view.can_undo || changes.some(function (e) { return e.payload.type !== 'justify'; });
    return shown;
  };

  /** Render again once the current event is over (never inside a blur, where replacing the
   * control the focus moves to would lose it). */
  View.prototype.refresh = function (focusId) {
    var self = this;
    if (focusId) this.focusNext = focusId;
    if (this.refreshing) return;
    this.refreshing = setTimeout(function () {
      self.refreshing = null;
      if (self.state) self.render(self.state);
    }, 0);
  };

  /** Show a new state. The state is taken at once (the next request is made from it); the
   * page is redrawn once no key or pointer is held down: a control replaced between a key's
   * press and release, or a pointer's, would not take the tap or the Space. */
  View.prototype.render = function (view, focusId) {
    var previous = this.state;
    if (!previous || previous.attempt !== view.attempt || view.submitted) this.dropDrafts();
    this.state = view;
    if (focusId) this.focusNext = focusId;
    if (this.pressed) this.held = true;
    else this.paint();
  };

  View.prototype.press = function (down) {
    this.pressed = down;
    if (down || !this.held) return;
    this.held = false;
    this.refresh();
  };

  View.prototype.paint = function () {
    // This render shows what a refresh asked for would show: that one would only repeat it.
    clearTimeout(this.refreshing);
    this.refreshing = null;
    var view = this.state;
    var focusId = this.focusNext;
    this.focusNext = null;
    var active = document.activeElement;
    var focused = active && active.id && this.root.contains(active) ? active : null;
    var drawn = this.drawnFocus(active);
    var selection = focused && typeof focused.selectionStart === 'number'
      ? [focused.selectionStart, focused.selectionEnd] : null;
    this.keepFolds();
    var shown = this.shown(view);
    this.rendering = true;
    this.nextParts = {};
    var sections = shown.submitted
      ? [this.header(shown), this.results(shown), this.territory(shown), this.partnerCards(shown)]
      : [this.header(shown), this.toolbar(shown), this.territory(shown), this.partnerCards(shown),
        this.mapSection(shown), this.questionsSection(shown), this.strategiesSection(shown),
        this.situationsSection(shown), this.submitSection(shown)];
    if (this.staff) sections.push(this.staffSection());
    reconcile(this.body, flat(sections));
    this.parts = this.nextParts;  // a part left out of this render is built anew if it comes back
    this.drawMaps(shown);
    this.rendering = false;
    this.setBusy();
    if (drawn) { drawn(); return; }
    var target = focusId ? document.getElementById(focusId) : focused && document.getElementById(focused.id);
    if (target && target !== document.activeElement) {
      target.focus({ preventScroll: !focusId });
      if (selection && target === focused) target.setSelectionRange(selection[0], selection[1]);
    }
  };

  /** A partner focused in a drawing (its chips have no id): how to focus it again. */
  View.prototype.drawnFocus = function (active) {
    var partner = active && active.closest && active.closest('.ip-pn-canvas [data-partner]');
    if (!partner || !this.root.contains(partner)) return null;
    var canvas = partner.closest('.ip-pn-canvas');
    var id = partner.getAttribute('data-partner');
    return function () {
      var found = canvas.querySelector('[data-partner="' + id + '"]');
      if (found) found.focus({ preventScroll: true });
    };
  };

  View.prototype.dropDrafts = function () {
    Object.keys(this.timers).forEach(function (id) { clearTimeout(this.timers[id]); }, this);
    this.timers = {};
    this.drafts = {};
    this.saved = {};
  };

  View.prototype.keepFolds = function () {
    Array.prototype.forEach.call(this.body.querySelectorAll('details[id]'), function (details) {
      if (!this.printed) this.folds[details.id] = details.open;
    }, this);
  };

  /** A part of the page: the nodes built by the last render if `data` (everything the part
   * shows or its handlers use; the ui strings are fixed for the page's life) is the same,
   * else new ones from `build`, called on the view. */
  View.prototype.cached = function (key, data, build) {
    var signature = JSON.stringify(data);
    var made = this.parts[key];
    if (!made || made.signature !== signature) made = { signature: signature, nodes: build.call(this) };
    this.nextParts[key] = made;
    return made;
  };

  /** A part holding controls. One the learner changed no longer shows what it was built from
   * (a box ticked, then refused before any render): it is built again on the next render, from
   * the state. Not for a justification's text field: every render syncs it (syncText). */
  View.prototype.part = function (key, data, build) {
    var made = this.cached(key, data, build);
    if (made !== this.parts[key]) {
      flat([made.nodes]).forEach(function (node) {
        node.addEventListener('change', function (event) {
          if (event.target.tagName !== 'TEXTAREA') made.signature = null;
        });
      });
    }
    return made.nodes;
  };

  /** A section that stays on the page while its parts change: its heading, then `parts`.
   * Changes inside do not rebuild it (its parts answer for their controls). */
  View.prototype.shell = function (name, title, parts) {
    var section = this.cached(name, [title], function () { return this.section(name, title, []); }).nodes;
    reconcile(section, [section.firstChild].concat(flat(parts)));
    return section;
  };

  View.prototype.section = function (name, title, children) {
    var headingId = this.key(name, 'heading');
    return el('section', { className: 'ip-pn-section ip-pn-' + name, 'aria-labelledby': headingId },
      [el('h3', { id: headingId, tabindex: '-1', text: title })].concat(children));
  };

  /** A fold that starts closed on a phone, open on a wider screen; then as the learner left it. */
  View.prototype.fold = function (id, summary, children) {
    var details = el('details', { id: id, className: 'ip-pn-fold' }, [el('summary', { text: summary })].concat(children));
    details.open = Object.prototype.hasOwnProperty.call(this.folds, id) ? this.folds[id] : !narrow();
    return details;
  };

  View.prototype.button = function (id, text, onClick, options) {
    var opts = options || {};
    var button = el('button', { type: 'button', id: id, className: 'ip-pn-button' + (opts.secondary ? ' ip-pn-secondary' : ''),
      text: text, 'aria-disabled': opts.disabled ? 'true' : null, 'aria-describedby': opts.describedBy });
    // aria-disabled, not disabled: the focus stays on a button that just became unavailable.
    button.addEventListener('click', function (event) {
      if (button.getAttribute('aria-disabled') === 'true' || event.detail > 1) return;
      onClick(event);
    });
    return button;
  };

  View.prototype.choice = function (type, id, name, value, text, checked, disabled) {
    return el('label', { className: 'ip-pn-choice', for: id }, [
      el('input', { type: type, id: id, name: name, value: value, checked: checked, disabled: disabled }),
      el('span', { lang: 'fr', text: text }),
    ]);
  };

  View.prototype.select = function (id, label, options, value, describedBy) {
    var select = el('select', { id: id, className: 'ip-pn-select', 'aria-describedby': describedBy },
      options.map(function (option) {
        return el('option', { value: option.value, text: option.text, selected: option.value === value });
      }));
    return [el('label', { for: id, className: 'ip-pn-label', text: label }), select];
  };

  View.prototype.nodeName = function (view, id) {
    if (id === view.structure.id) return view.structure.name;
    var partner = find(view.partners, 'id', id);
    return partner ? partner.name : id;
  };

  View.prototype.typeLabel = function (view, id) {
    var type = find(view.map.relation_types, 'id', id);
    return type ? type.label : id;
  };

  View.prototype.relationText = function (view, relation) {
    return this.t(relation.two_way ? 'relation_two_way' : 'relation_one_way', {
      source: this.nodeName(view, relation.from),
      target: this.nodeName(view, relation.to),
      relation: this.typeLabel(view, relation.relation),
    });
  };

  View.prototype.list = function (items) { return items.join(this.t('list_separator')); };

  // --- Header, territory, partners -----------------------------------------------------------

  View.prototype.header = function (view) {
    var data = [view.attempt, view.max_attempts, view.submitted, view.notice, this.notice, Boolean(view.map),
      view.partners.length, view.questions.length, view.strategies.length, view.situations.length];
    return this.part('header', data, function () { return this.buildHeader(view); });
  };

  View.prototype.buildHeader = function (view) {
    var attempt = view.max_attempts > 0
      ? this.t('attempt', { attempt: view.attempt, max: view.max_attempts })
      : this.t('attempt_unlimited', { attempt: view.attempt });
    if (view.submitted) attempt = this.t('attempt_submitted', { attempt: attempt });
    var header = el('div', { className: 'ip-pn-header' }, [
      el('h3', { id: this.key('attempt'), tabindex: '-1', className: 'ip-pn-attempt', text: attempt }),
    ]);
    if (view.notice) header.appendChild(el('p', { className: 'ip-pn-notice', text: this.t(view.notice) }));
    if (this.notice) header.appendChild(el('p', { className: 'ip-pn-notice', text: this.notice }));
    if (view.submitted) return header;
    var tasks = [];
    if (view.map) tasks.push(this.t('task.map', { count: view.partners.length }));
    if (view.questions.length) tasks.push(this.t('task.questions', { count: view.questions.length }));
    if (view.strategies.length) tasks.push(this.t('task.strategies', { count: view.strategies.length }));
    if (view.situations.length) tasks.push(this.t('task.situations', { count: view.situations.length }));
    header.appendChild(el('p', { text: this.t('intro') }));
    header.appendChild(el('p', { id: this.key('tasks'), className: 'ip-pn-label', text: this.t('tasks') }));
    header.appendChild(el('ul', { className: 'ip-pn-tasks', 'aria-labelledby': this.key('tasks') },
      tasks.map(function (task) { return el('li', { text: task }); })));
    if (isLastAttempt(view)) header.appendChild(el('p', { className: 'ip-pn-notice', text: this.t('last_attempt') }));
    return header;
  };

  /** Undo and the autosave status, kept in view above the work. */
  View.prototype.toolbar = function (view) {
    return this.part('toolbar', [view.can_undo], function () { return this.buildToolbar(view); });
  };

  View.prototype.buildToolbar = function (view) {
    var self = this;
    var status = this.nodes.status || (this.nodes.status = el('p', { className: 'ip-pn-status', id: this.key('status') }));
    status.textContent = this.saveStatus();
    return el('div', { className: 'ip-pn-toolbar' }, [
      this.button(this.key('undo'), this.t('undo'), function () {
        self.enqueue({ action: 'act', payload: { type: 'undo' } });
        self.refresh();
      }, { disabled: !view.can_undo, secondary: true }),
      status,
    ]);
  };

  View.prototype.territory = function (view) {
    if (!view.territory) return null;
    return this.part('territory', view.territory, function () { return this.buildTerritory(view.territory); });
  };

  View.prototype.buildTerritory = function (territory) {
    var captionId = this.key('indicators');
    var table = el('table', { className: 'ip-pn-table' }, [
      el('caption', { id: captionId, text: this.t('indicators', { territory: territory.name }) }),
      el('thead', {}, [el('tr', {}, ['indicator', 'value', 'date', 'source'].map(function (column) {
        return el('th', { scope: 'col', text: this.t('column.' + column) });
      }, this))]),
      el('tbody', {}, territory.indicators.map(function (row) {
        return el('tr', { lang: 'fr' }, [
          el('th', { scope: 'row', text: row.label }),
          el('td', { text: row.value }),
          el('td', { text: row.date }),
          el('td', { text: row.source }),
        ]);
      })),
    ]);
    return this.section('territory', this.t('territory'), [
      el('p', { className: 'ip-pn-territory-name', lang: 'fr', text: territory.name }),
      territory.profile ? el('p', { lang: 'fr', text: territory.profile }) : null,
      this.scroller(table, captionId),
    ]);
  };

  /** A table too wide for a phone scrolls inside its own frame, which a keyboard can reach. */
  View.prototype.scroller = function (table, labelId) {
    return el('div', { className: 'ip-pn-scroll', role: 'region', tabindex: '0', 'aria-labelledby': labelId }, [table]);
  };

  View.prototype.partnerCards = function (view) {
    return this.part('partners', [view.structure, view.partners], function () { return this.buildPartnerCards(view); });
  };

  View.prototype.buildPartnerCards = function (view) {
    var structure = view.structure;
    var cards = [el('li', { className: 'ip-pn-card ip-pn-card-structure' }, [
      el('p', { className: 'ip-pn-kind', text: this.t('your_structure') }),
      el('h4', { lang: 'fr', text: structure.name }),
      structure.description ? el('p', { lang: 'fr', text: structure.description }) : null,
    ])];
    view.partners.forEach(function (partner) { cards.push(this.partnerCard(partner)); }, this);
    return this.section('partners', this.t('partners'), [el('ul', { className: 'ip-pn-cards' }, cards)]);
  };

  View.prototype.partnerCard = function (partner) {
    var rows = [];
    ['mission', 'public', 'funding', 'contact'].forEach(function (field) {
      if (!partner[field]) return;
      rows.push(el('dt', { text: this.t('card.' + field) }), el('dd', { lang: 'fr', text: partner[field] }));
    }, this);
    if (partner.domains) {  // no map to draw: the domains are information
      var labels = partner.domains.map(function (d) { return this.t('domain.' + d); }, this);
      rows.push(el('dt', { text: this.t('card.domains') }), el('dd', { text: this.list(labels) }));
    }
    return el('li', { className: 'ip-pn-card' }, [
      el('h4', { lang: 'fr', text: partner.name }),
      el('p', { className: 'ip-pn-kind', text: this.t('kind.' + partner.kind) }),
      rows.length ? this.fold(this.key('card', partner.id), this.t('about', { name: partner.name }), [el('dl', {}, rows)]) : null,
    ]);
  };

  // --- The map: drawing and list -------------------------------------------------------------

  /** The drawing's container and component, made once: dragging survives a re-render. */
  View.prototype.canvas = function (name, reference) {
    var self = this;
    var found = this.nodes[name];
    if (found) return found;
    var node = el('div', { className: 'ip-pn-canvas' });
    var Map = global.PartnerNetworkMap;
    found = this.nodes[name] = {
      node: node,
      map: Map ? new Map(node, {
        ui: this.ui,
        id: this.key(name),
        send: reference ? function () { return Promise.reject(new Error('')); } : function (payload) {
          return self.change(payload);
        },
        select: function (partnerId) { self.focusPartner(partnerId); },
      }) : null,
    };
    return found;
  };

  View.prototype.drawMaps = function (view) {
    if (!view.map) return;
    // The learner's own map, without the reference: its toggle would swap what is downloaded.
    this.drawMap(this.canvas('map'), Object.assign({}, view, { reference: null }));
    if (view.reference) this.drawMap(this.nodes.reference, view, { reference: true });
  };

  /** Draw a map again only if what it draws changed: the drawing, and the browser styling and
   * laying out its hundreds of new nodes, are most of a render. A map draws from the view's
   * map, partners, structure, reference and submitted: the view's position (new after each
   * change) and its other tasks are left out of the comparison. */
  View.prototype.drawMap = function (canvas, view, options) {
    if (!canvas || !canvas.map || !canvas.node.isConnected) return;
    var drawn = Object.assign({}, view, { at: null, questions: null, strategies: null, situations: null });
    var signature = JSON.stringify([drawn, options || null]);
    if (signature === canvas.signature) return;
    canvas.signature = signature;
    canvas.map.render(view, options);
  };

  /** The drawing asked for a partner's placement: its first domain in the list takes focus. */
  View.prototype.focusPartner = function (partnerId) {
    var fieldset = document.getElementById(this.key('place', partnerId));
    var first = fieldset && fieldset.querySelector('input');
    if (first) {
      first.focus({ preventScroll: true });
      fieldset.scrollIntoView({ block: 'nearest' });
    }
  };

  /** The map section: a part for its drawing, one for each partner's domains, and the relations
   * (a placement builds one fieldset again, not the forty). */
  View.prototype.mapSection = function (view) {
    if (!view.map) return null;
    var withRelations = Boolean(view.map.max_relations);
    return this.shell('map', this.t('map'), [
      this.part('map-intro', [withRelations], function () {
        return el('p', { text: this.t(withRelations ? 'map_intro' : 'map_intro_places') });
      }),
      // Not a `part`: a change in the drawing's own dialog changes nothing built here.
      this.cached('map-drawing', [this.listOnly], this.drawingPart).nodes,
      this.part('places-heading', [], function () {
        return [el('h4', { id: this.key('places-heading'), text: this.t('places') }),
          el('p', { className: 'ip-pn-hint', text: this.t('places_hint') })];
      }),
    ].concat(
      view.partners.map(function (partner) { return this.placeFieldset(view, partner); }, this),
      withRelations ? this.relationsPart(view) : []
    ));
  };

  /** The "list only" toggle and the drawing's container (none without the drawing's script). */
  View.prototype.drawingPart = function () {
    var self = this;
    var canvas = this.canvas('map');
    if (!canvas.map) return [];
    var toggle = this.button(this.key('list-only'), this.t('list_only'), function () {
      self.listOnly = !self.listOnly;
      self.refresh(toggle.id);
    }, { secondary: true });
    toggle.setAttribute('aria-pressed', String(this.listOnly));
    canvas.node.hidden = this.listOnly;
    return [toggle, canvas.node];
  };

  View.prototype.placeFieldset = function (view, partner) {
    var placed = find(view.map.placed, 'partner', partner.id);
    var chosen = placed ? placed.domains : [];
    return this.part('place:' + partner.id, [partner.id, partner.name, view.map.domains, chosen], function () {
      return this.buildPlaceFieldset(view, partner, chosen);
    });
  };

  View.prototype.buildPlaceFieldset = function (view, partner, chosen) {
    var self = this;
    var boxes = view.map.domains.map(function (domain) {
      var id = self.key('place', partner.id, domain);
      return self.choice('checkbox', id, id, domain, self.t('domain.' + domain), chosen.indexOf(domain) >= 0);
    });
    var fieldset = el('fieldset', { id: this.key('place', partner.id), className: 'ip-pn-group ip-pn-domains' },
      [el('legend', { lang: 'fr', text: partner.name })].concat(boxes));
    fieldset.addEventListener('change', function () {
      self.change({ type: 'place', partner: partner.id, domains: checkedValues(fieldset) });
    });
    return fieldset;
  };

  /** The relations: their heading and count, the form, the list; each a part. */
  View.prototype.relationsPart = function (view) {
    var self = this;
    var relations = view.map.relations;
    var limit = view.map.max_relations;
    var listed = relations.map(function (r) { return [r.from, r.to, self.relationText(view, r)]; });
    return [
      this.part('relations-heading', [relations.length, limit], function () {
        return [el('h4', { id: this.key('relations-heading'), tabindex: '-1', text: this.t('relations') }),
          el('p', { id: this.key('relations-count'), text: this.t('relations_count', { count: relations.length, limit: limit }) })];
      }),
      this.relationForm(view),
      this.part('relation-list', listed, function () { return this.relationList(view); }),
    ];
  };

  View.prototype.relationList = function (view) {
    var self = this;
    var relations = view.map.relations;
    var headingId = this.key('relations-heading');
    var rows = relations.map(function (relation, index) {
      var text = self.relationText(view, relation);
      var remove = self.button(self.key('unrelate', relation.from, relation.to), self.t('remove'), function () {
        // The focus goes to the next row's button, else the previous one, else the heading.
        var next = relations[index + 1] || relations[index - 1];
        self.change({ type: 'unrelate', from: relation.from, to: relation.to },
          next ? self.key('unrelate', next.from, next.to) : headingId);
      }, { secondary: true });
      remove.setAttribute('aria-label', self.t('remove_relation', { relation: text }));
      return el('li', { className: 'ip-pn-relation' }, [el('span', { lang: 'fr', text: text }), remove]);
    });
    return rows.length ? el('ul', { className: 'ip-pn-relations', 'aria-labelledby': headingId }, rows)
      : el('p', { className: 'ip-pn-hint', text: this.t('relations_none') });
  };

  View.prototype.relationForm = function (view) {
    var nodes = [view.structure].concat(view.partners).map(function (node) { return { value: node.id, text: node.name }; });
    var data = [this.form, this.formError, view.map.relations.length, view.map.max_relations, nodes, view.map.relation_types];
    return this.part('relation-form', data, function () { return this.buildRelationForm(view, nodes); });
  };

  View.prototype.buildRelationForm = function (view, nodes) {
    var self = this;
    var form = this.form;
    var none = { value: '', text: this.t('choose') };
    var types = view.map.relation_types;
    var meaningId = this.key('rel-meaning');
    var errorId = this.key('rel-error');
    var chosenType = find(types, 'id', form.relation);
    var meaning = el('p', { id: meaningId, className: 'ip-pn-hint', lang: 'fr', text: chosenType ? chosenType.meaning : this.t('type_hint') });
    var full = view.map.relations.length >= view.map.max_relations;
    var add = this.button(this.key('rel-add'), this.t('add_relation'), function () { self.addRelation(); },
      { disabled: full, describedBy: errorId });
    var fieldset = el('fieldset', { className: 'ip-pn-group ip-pn-relation-form' }, [
      el('legend', { text: this.t('add_relation_legend') }),
    ].concat(
      this.select(this.key('rel-from'), this.t('relation_from'), [none].concat(nodes), form.from),
      this.select(this.key('rel-to'), this.t('relation_to'), [none].concat(nodes), form.to),
      this.select(this.key('rel-type'), this.t('relation_type'), [none].concat(types.map(function (type) {
        return { value: type.id, text: type.label };
      })), form.relation, meaningId),
      [meaning, this.choice('checkbox', this.key('rel-both'), this.key('rel-both'), 'two_way', this.t('direction.two_way'), form.two_way),
        add, el('p', { id: errorId, className: 'ip-pn-field-error', text: full ? this.t('relations_full', { limit: view.map.max_relations }) : this.formError })]
    ));
    fieldset.addEventListener('change', function (event) {
      form.from = document.getElementById(self.key('rel-from')).value;
      form.to = document.getElementById(self.key('rel-to')).value;
      form.relation = document.getElementById(self.key('rel-type')).value;
      form.two_way = document.getElementById(self.key('rel-both')).checked;
      if (event.target.id === self.key('rel-type')) {
        var type = find(types, 'id', form.relation);
        meaning.textContent = type ? type.meaning : self.t('type_hint');
      }
    });
    return fieldset;
  };

  /** Draw the relation of the form, if it is complete and new; the form keeps its source and
   * type, for the next relation from the same partner. */
  View.prototype.addRelation = function () {
    var form = this.form;
    var view = this.shown(this.state);
    var payload = { type: 'relate', from: form.from, to: form.to, relation: form.relation, two_way: form.two_way };
    var exists = view.map.relations.some(function (r) { return samePair(r, payload); });
    if (!form.from || !form.to || !form.relation || form.from === form.to) {
      this.formError = this.t('relation_incomplete');
    } else if (exists) {
      this.formError = this.t('relation_exists', { source: this.nodeName(view, form.from), target: this.nodeName(view, form.to) });
    } else {
      this.formError = '';
      form.to = '';
      form.two_way = false;
      this.change(payload, this.key('rel-add'));
      this.say(this.t('relation_added', { relation: this.relationText(view, payload) }));
      return;
    }
    this.say(this.formError);
    this.refresh(this.key('rel-add'));
  };

  // --- Questions, strategies, situations -----------------------------------------------------

  /** A choice list as radio buttons (select one) or checkboxes, in the order given. */
  View.prototype.choiceFieldset = function (id, legend, list, onChange) {
    var self = this;
    var type = list.select === 'one' ? 'radio' : 'checkbox';
    var hintId = id + '-hint';
    var inputs = list.options.map(function (option) {
      return self.choice(type, id + '-' + option.id, id, option.id, option.text, list.chosen.indexOf(option.id) >= 0);
    });
    var fieldset = el('fieldset', { id: id, className: 'ip-pn-group', 'aria-describedby': hintId }, [
      legend,
      el('p', { id: hintId, className: 'ip-pn-hint', text: this.t(list.select === 'one' ? 'select_one' : 'select_many') }),
    ].concat(inputs));
    fieldset.addEventListener('change', function () { onChange(checkedValues(fieldset)); });
    return fieldset;
  };

  View.prototype.questionsSection = function (view) {
    if (!view.questions.length) return null;
    return this.part('questions', view.questions, function () { return this.buildQuestions(view); });
  };

  View.prototype.buildQuestions = function (view) {
    var self = this;
    return this.section('questions', this.t('questions'), [el('p', { text: this.t('questions_intro') })].concat(
      view.questions.map(function (question) {
        return self.choiceFieldset(self.key('q', question.id), el('legend', { lang: 'fr', text: question.prompt }), question,
          function (options) { self.change({ type: 'answer', question: question.id, part: '', options: options }); });
      })));
  };

  View.prototype.strategiesSection = function (view) {
    if (!view.strategies.length) return null;
    var names = view.strategies.map(function (strategy) { return this.nodeName(view, strategy.partner); }, this);
    return this.part('strategies', [view.strategies, names], function () { return this.buildStrategies(view); });
  };

  View.prototype.buildStrategies = function (view) {
    var self = this;
    return this.section('strategies', this.t('strategies'), view.strategies.map(function (strategy) {
      var name = self.nodeName(view, strategy.partner);
      var headingId = self.key('st', strategy.id, 'heading');
      return el('article', { className: 'ip-pn-item', 'aria-labelledby': headingId }, [
        el('h4', { id: headingId, lang: 'fr', text: name }),
        strategy.prompt ? el('p', { lang: 'fr', text: strategy.prompt }) : null,
      ].concat(strategy.lists.map(function (list) {
        return self.choiceFieldset(self.key('st', strategy.id, list.part), el('legend', { text: self.t('part.' + list.part) }), list,
          function (options) { self.change({ type: 'answer', question: strategy.id, part: list.part, options: options }); });
      })));
    }));
  };

  /** The situations: a decision builds its own situation again, not the others. */
  View.prototype.situationsSection = function (view) {
    if (!view.situations.length) return null;
    return this.shell('situations', this.t('situations'), [
      this.part('situations-intro', [], function () { return el('p', { text: this.t('situations_intro') }); }),
    ].concat(view.situations.map(function (situation) { return this.situation(view, situation); }, this)));
  };

  /** A situation; its justification's text is not part of its data, as its text field is the
   * same node on every render, synced here. */
  View.prototype.situation = function (view, situation) {
    var names = situation.partners.map(function (id) { return this.nodeName(view, id); }, this);
    var data = [view.limits.partners, names, Object.assign({}, situation, { justification: null })];
    var article = this.part('sit:' + situation.id, data, function () { return this.buildSituation(view, situation); });
    this.syncText(situation);
    return article;
  };

  View.prototype.buildSituation = function (view, situation) {
    var self = this;
    var limit = view.limits.partners;
    var headingId = this.key('sit', situation.id, 'heading');
    var full = situation.chosen.length >= limit;
    var boxes = situation.partners.map(function (id) {
      var chosen = situation.chosen.indexOf(id) >= 0;
      var inputId = self.key('sit', situation.id, 'p', id);
      return self.choice('checkbox', inputId, inputId, id, self.nodeName(view, id), chosen, full && !chosen);
    });
    var partnersId = this.key('sit', situation.id, 'partners');
    var partners = el('fieldset', { id: partnersId, className: 'ip-pn-group', 'aria-describedby': partnersId + '-hint' }, [
      el('legend', { text: this.t('mobilise') }),
      el('p', { id: partnersId + '-hint', className: 'ip-pn-hint', text: this.t(full ? 'mobilise_full' : 'mobilise_hint', { limit: limit }) }),
    ].concat(boxes));
    var firstId = this.key('sit', situation.id, 'first');
    var first = this.select(firstId, this.t('first'), [{ value: '', text: this.t('first_none') }].concat(
      situation.chosen.map(function (id) { return { value: id, text: self.nodeName(view, id) }; })), situation.first || '');
    var decide = function () {
      var chosen = checkedValues(partners);
      var picked = document.getElementById(firstId).value;
      self.change({ type: 'decide', situation: situation.id, partners: chosen, first: chosen.indexOf(picked) >= 0 ? picked : null });
    };
    partners.addEventListener('change', decide);
    first[1].addEventListener('change', decide);
    return el('article', { className: 'ip-pn-item ip-pn-situation', 'aria-labelledby': headingId }, [
      el('h4', { id: headingId, lang: 'fr', text: situation.title }),
      el('p', { className: 'ip-pn-situation-text', lang: 'fr', text: situation.text }),
      partners,
      el('div', { className: 'ip-pn-field' }, first),
      this.justification(situation),
    ]);
  };

  /** The justification: the same textarea node on every render (the caret, the text being
   * typed and the browser's own undo stay), saved after a pause and when the learner leaves. */
  View.prototype.justification = function (situation) {
    var nodes = this.textNodes(situation.id);
    return el('div', { className: 'ip-pn-field' }, [
      el('label', { for: nodes.area.id, className: 'ip-pn-label', text: this.t('justification') }),
      el('p', { className: 'ip-pn-hint', text: this.t('justification_hint') }),
      nodes.area, nodes.count, nodes.status,
    ]);
  };

  View.prototype.textNodes = function (sid) {
    var self = this;
    var id = this.key('sit', sid, 'text');
    var nodes = this.nodes[id];
    if (nodes) return nodes;
    nodes = this.nodes[id] = {
      area: el('textarea', { id: id, className: 'ip-pn-textarea', rows: '3', lang: 'fr',
        'aria-describedby': id + '-count ' + id + '-status' }),
      count: el('p', { id: id + '-count', className: 'ip-pn-count' }),
      status: el('p', { id: id + '-status', className: 'ip-pn-text-status' }),
    };
    nodes.area.addEventListener('input', function () {
      self.drafts[sid] = nodes.area.value;
      clearTimeout(self.timers[sid]);
      self.timers[sid] = setTimeout(function () { self.saveText(sid); }, SAVE_DELAY_MS);
      self.textStatus(sid);
    });
    nodes.area.addEventListener('blur', function () { if (!self.rendering) self.saveText(sid); });
    return nodes;
  };

  /** On every render: the saved text, unless the learner is typing another; its count and status. */
  View.prototype.syncText = function (situation) {
    var sid = situation.id;
    var area = this.textNodes(sid).area;
    if (!Object.prototype.hasOwnProperty.call(this.drafts, sid) && area.value !== situation.justification) {
      area.value = situation.justification;
    }
    this.textStatus(sid);
  };

  View.prototype.textStatus = function (sid) {
    var nodes = this.nodes[this.key('sit', sid, 'text')];
    if (!nodes) return;
    var limit = this.state.limits.justification;
    var count = codePoints(nodes.area.value);
    var over = count > limit;
    nodes.count.textContent = over
      ? this.t('count_over', { count: count, limit: limit, over: count - limit })
      : this.t('count', { count: count, limit: limit });
    nodes.count.className = 'ip-pn-count' + (over ? ' ip-pn-over' : '');
    nodes.area.setAttribute('aria-invalid', String(over));
    var saving = this.pending().some(function (e) { return e.payload.type === 'justify' && e.payload.situation === sid; });
    var draft = Object.prototype.hasOwnProperty.call(this.drafts, sid);
    var status = this.halted && this.halted.payload.situation === sid ? 'text_error'
      : over ? 'text_too_long' : saving ? 'text_saving' : draft ? 'text_unsaved' : this.saved[sid] ? 'text_saved' : '';
    nodes.status.textContent = status ? this.t(status, { limit: limit }) : '';
    nodes.status.className = 'ip-pn-text-status' + (over || status === 'text_error' ? ' ip-pn-over' : '');
  };

  View.prototype.saveText = function (sid) {
    clearTimeout(this.timers[sid]);
    delete this.timers[sid];
    if (!Object.prototype.hasOwnProperty.call(this.drafts, sid) || !this.state || this.state.submitted) return;
    var text = this.drafts[sid];
    if (codePoints(text) > this.state.limits.justification) {
      this.say(this.t('text_too_long', { limit: this.state.limits.justification }));
      return;
    }
    if (text === find(this.state.situations, 'id', sid).justification && !this.pending().length) {
      delete this.drafts[sid];
      this.textStatus(sid);
      return;
    }
    this.change({ type: 'justify', situation: sid, text: text }, null, true);
    this.textStatus(sid);
  };

  // --- Submitting ----------------------------------------------------------------------------

  View.prototype.submitSection = function (view) {
    var todo = this.leftToDo(view);
    return this.part('submit', [view.can_submit, view.attempt, todo], function () { return this.buildSubmit(view, todo); });
  };

  View.prototype.buildSubmit = function (view, todo) {
    var self = this;
    var hintId = this.key('submit-hint');
    return this.section('submit', this.t('submit_heading'), [
      el('p', { id: hintId, text: this.t(view.can_submit ? 'submit_hint' : 'submit_empty', { attempt: view.attempt }) }),
      todo.length ? el('ul', { className: 'ip-pn-todo', 'aria-label': this.t('todo') }, todo.map(function (line) {
        return el('li', { text: line });
      })) : null,
      this.button(this.key('submit'), this.t('submit'), function () { self.submit(); },
        { disabled: !view.can_submit, describedBy: hintId }),
    ]);
  };

  /** What the learner has not done yet: said before submitting, never blocking it. */
  View.prototype.leftToDo = function (view) {
    var lines = [];
    var count = function (key, n) { if (n) lines.push(this.t(key, { count: n })); }.bind(this);
    if (view.map) count('todo.places', view.partners.length - view.map.placed.length);
    count('todo.questions', view.questions.filter(function (q) { return !q.chosen.length; }).length);
    count('todo.strategies', view.strategies.filter(function (s) {
      return s.lists.some(function (list) { return !list.chosen.length; });
    }).length);
    count('todo.situations', view.situations.filter(function (s) { return !s.chosen.length; }).length);
    return lines;
  };

  /** Save the justifications being typed, then submit; the last attempt is confirmed first. */
  View.prototype.submit = function () {
    var self = this;
    var view = this.state;
    var tooLong = Object.keys(this.drafts).filter(function (sid) {
      return codePoints(self.drafts[sid]) > view.limits.justification;
    });
    if (tooLong.length) {
      var titles = tooLong.map(function (sid) { return find(view.situations, 'id', sid).title; });
      this.showError(this.t('submit_too_long', { limit: view.limits.justification, items: this.list(titles) }));
      return;
    }
    var go = function () {
      Object.keys(self.drafts).forEach(function (sid) { self.saveText(sid); });
      self.request('submit', {}, self.key('result', 'heading'));
    };
    if (!isLastAttempt(view)) { go(); return; }
    this.confirm(this.key('submit'), this.t('confirm_last'), this.t('confirm_submit'), this.t('confirm_cancel')).then(function (yes) {
      if (yes) go();
    });
  };

  /** Ask in a modal dialog; Escape or the cancel button answers no. Resolves to a boolean,
   * the focus back on the button that asked (found again by id: a render may replace it). */
  View.prototype.confirm = function (openerId, question, yes, no) {
    var self = this;
    var textId = this.key('dialog-text');
    var accept = el('button', { type: 'button', className: 'ip-pn-button', 'data-answer': 'yes', text: yes });
    var cancel = el('button', { type: 'button', className: 'ip-pn-button ip-pn-secondary', 'data-answer': 'no', text: no });
    var dialog = el('dialog', { className: 'ip-pn-dialog', 'aria-labelledby': textId }, [
      el('p', { id: textId, text: question }), el('div', { className: 'ip-pn-actions' }, [accept, cancel]),
    ]);
    if (typeof dialog.showModal !== 'function') return Promise.resolve(global.confirm(question));
    return new Promise(function (resolve) {
      var answer = function (value) {
        dialog.close();
        dialog.remove();
        var opener = document.getElementById(openerId);
        if (opener && !value) opener.focus();
        resolve(value);
      };
      accept.addEventListener('click', function () { answer(true); });
      cancel.addEventListener('click', function () { answer(false); });
      dialog.addEventListener('cancel', function (event) { event.preventDefault(); answer(false); });
      dialog.addEventListener('keydown', function (event) {  // the focus cycles in the dialog
        if (event.key !== 'Tab') return;
        var edge = event.shiftKey ? accept : cancel;
        if (document.activeElement === edge) {
          event.preventDefault();
          (event.shiftKey ? cancel : accept).focus();
        }
      });
      self.root.appendChild(dialog);
      dialog.showModal();
      cancel.focus();
    });
  };

  // --- Results -------------------------------------------------------------------------------

  /** The result of a submitted attempt: built once per view (it shows most of it). */
  View.prototype.results = function (view) {
    if (!view.result) return null;
    return this.part('result', view, function () { return this.buildResults(view); });
  };

  View.prototype.buildResults = function (view) {
    var result = view.result;
    var lines = result.explanations;
    var children = [el('p', { className: 'ip-pn-score', text: this.t('score', { percent: percent(result.raw) }) }),
      el('p', { className: 'ip-pn-explained', text: lines.score })];
    if (lines.cap) children.push(el('p', { className: 'ip-pn-capped', text: lines.cap }));
    children.push(this.keptLine(view), this.requiredLine(view), this.capacityTable(result));
    children = children.concat(this.feedback(view), this.mapsPart(view), [this.resultActions(view)]);
    var box = this.section('result', this.t('result', { attempt: view.attempt }), children);
    box.classList.add('ip-pn-result');
    return box;
  };

  /** Which attempt holds the grade, when it is not this one. */
  View.prototype.keptLine = function (view) {
    var kept = view.kept;
    if (!kept || kept.attempt === view.attempt) {
      return view.attempt > 1 && kept ? el('p', { className: 'ip-pn-kept', text: this.t('kept_this') }) : null;
    }
    return el('p', { className: 'ip-pn-kept', text: this.t('kept_other', {
      attempt: kept.attempt, percent: percent(kept.raw), last: percent(view.result.raw) }) });
  };

  View.prototype.requiredLine = function (view) {
    if (this.requiredMark === null) return null;
    var counts = Math.max(view.result.raw, view.kept ? view.kept.raw : 0);
    var values = { mark: percent(this.requiredMark), percent: percent(counts) };
    return el('p', { className: 'ip-pn-required', text: this.t(counts >= this.requiredMark ? 'required_met' : 'required_unmet', values) });
  };

  View.prototype.number = function (value) {
    var rounded = Math.round(value * 100) / 100;
    return String(rounded).replace('.', this.t('decimal_separator'));
  };

  View.prototype.capacityTable = function (result) {
    var captionId = this.key('capacities');
    var explained = result.explanations.capacities;
    var table = el('table', { className: 'ip-pn-table' }, [
      el('caption', { id: captionId, text: this.t('capacities') }),
      el('thead', {}, [el('tr', {}, ['capacity', 'points', 'percent', 'explained'].map(function (column) {
        return el('th', { scope: 'col', text: this.t('column.' + column) });
      }, this))]),
      el('tbody', {}, result.capacities.map(function (row) {
        var label = this.capacities[row.code];
        return el('tr', {}, [
          el('th', { scope: 'row' }, [
            el('span', { className: 'ip-pn-code', text: row.code }),
            label ? el('span', { className: 'ip-pn-capacity-label', lang: 'fr', text: ' ' + label }) : null,
          ]),
          el('td', { text: this.t('points', { earned: this.number(row.earned), possible: row.possible }) }),
          el('td', { text: this.t('percent', { percent: percent(row.possible ? row.earned / row.possible : 0) }) }),
          el('td', { text: explained[row.code] || '' }),
        ]);
      }, this)),
    ]);
    return this.scroller(table, captionId);
  };

  /** Right, partly right or wrong: in words and with a symbol, never by colour alone. */
  View.prototype.outcome = function (item) {
    return el('p', { className: 'ip-pn-outcome ip-pn-outcome-' + item.outcome, text: this.t('outcome.' + item.outcome, {
      earned: this.number(item.earned), possible: item.possible }) });
  };

  View.prototype.said = function (label, text, lang) {
    return el('p', { className: 'ip-pn-said' }, [
      el('span', { className: 'ip-pn-label', text: this.t('labelled', { label: label }) }),
      el('span', { lang: lang, text: text }),
    ]);
  };

  /** The feedback of every scored item, grouped as the score counts them. */
  View.prototype.feedback = function (view) {
    var groups = [];
    ['placement', 'relation', 'question', 'strategy', 'situation'].forEach(function (kind) {
      var items = view.result.items.filter(function (item) { return item.kind === kind; });
      if (!items.length) return;
      var rows = items.map(function (item, index) {
        return el('li', { className: 'ip-pn-feedback-item' }, this.feedbackItem(view, item, index));
      }, this);
      var extra = kind === 'relation' ? this.drawnRelations(view) : null;
      groups.push(el('h4', { text: this.t('feedback.' + kind) }),
        el('p', { className: 'ip-pn-hint', text: view.result.explanations.kinds[kind] || '' }),
        el('ul', { className: 'ip-pn-feedback' }, rows), extra);
    }, this);
    return groups;
  };

  View.prototype.feedbackItem = function (view, item, index) {
    var reference = view.reference;
    var title;
    var lines = [];
    var domainList = function (domains) {
      return domains.length ? this.list(domains.map(function (d) { return this.t('domain.' + d); }, this)) : this.t('nothing');
    }.bind(this);
    if (item.kind === 'placement') {
      var placed = find(view.map.placed, 'partner', item.id);
      title = this.nodeName(view, item.id);
      lines.push(this.said(this.t('yours'), domainList(placed ? placed.domains : [])));
      if (reference) lines.push(this.said(this.t('expected'), domainList(reference.placements[item.id] || [])));
    } else if (item.kind === 'relation') {
      var relation = reference && reference.relations[index];
      title = relation ? this.relationText(view, relation) : this.t('relation_item', { number: index + 1 });
    } else if (item.kind === 'question') {
      var question = find(view.questions, 'id', item.id);
      title = question.prompt;
      lines = this.listFeedback(view, question, item.id, '');
    } else if (item.kind === 'strategy') {
      var strategy = find(view.strategies, 'id', item.id);
      title = this.nodeName(view, strategy.partner);
      strategy.lists.forEach(function (list) {
        lines.push(el('p', { className: 'ip-pn-label', text: this.t('part.' + list.part) }));
        lines = lines.concat(this.listFeedback(view, list, item.id, list.part));
      }, this);
    } else {
      lines = this.situationFeedback(view, item.id);
      title = find(view.situations, 'id', item.id).title;
    }
    return [el('p', { className: 'ip-pn-item-title', lang: 'fr', text: title }), this.outcome(item)].concat(lines);
  };

  View.prototype.listFeedback = function (view, list, question, part) {
    var texts = function (places) {
      var found = list.options.filter(function (o) { return places.indexOf(o.id) >= 0; }).map(function (o) { return o.text; });
      return found.length ? this.list(found) : this.t('nothing');
    }.bind(this);
    var lines = [this.said(this.t('yours'), texts(list.chosen), 'fr')];
    var right = view.reference && view.reference.lists.filter(function (l) { return l.question === question && l.part === part; })[0];
    if (right) lines.push(this.said(this.t('expected'), texts(right.options), 'fr'));
    return lines;
  };

  View.prototype.situationFeedback = function (view, id) {
    var situation = find(view.situations, 'id', id);
    var names = function (ids) {
      return ids.length ? this.list(ids.map(function (p) { return this.nodeName(view, p); }, this)) : this.t('nothing');
    }.bind(this);
    var lines = [
      this.said(this.t('yours'), names(situation.chosen), 'fr'),
      this.said(this.t('first'), situation.first ? this.nodeName(view, situation.first) : this.t('first_none'), 'fr'),
      this.said(this.t('justification'), situation.justification || this.t('nothing'), 'fr'),
    ];
    var right = view.reference && find(view.reference.situations, 'situation', id);
    if (right) {
      lines.push(this.said(this.t('expected'), names(right.partners), 'fr'));
      lines.push(this.said(this.t('urgent'), right.urgent.length ? names(right.urgent) : this.t('urgent_none'), 'fr'));
      if (right.feedback) lines.push(this.said(this.t('comment'), right.feedback, 'fr'));
    }
    return lines;
  };

  View.prototype.drawnRelations = function (view) {
    var relations = view.map.relations;
    var drawn = relations.map(function (r) { return el('li', { lang: 'fr', text: this.relationText(view, r) }); }, this);
    return this.fold(this.key('drawn'), this.t('your_relations', { count: relations.length }),
      [drawn.length ? el('ul', {}, drawn) : el('p', { text: this.t('nothing') })]);
  };

  /** The learner's map, to download, and the reference map when the setting shows it. */
  View.prototype.mapsPart = function (view) {
    var self = this;
    if (!view.map) return [];
    var mine = this.canvas('map');
    mine.node.hidden = false;
    var parts = [el('h4', { text: this.t('your_map') })];
    if (mine.map) {
      parts.push(mine.node, this.button(this.key('download'), this.t('download'), function () { self.download(view); }, { secondary: true }));
    }
    if (view.reference) {
      var reference = this.canvas('reference', true);
      parts.push(el('h4', { text: this.t('reference_map') }), reference.node);
      parts.push(el('ul', { className: 'ip-pn-reference' }, view.reference.relations.map(function (relation) {
        var parts = [this.relationText(view, relation) + '.', this.t('relation_tie', { strength: this.t('strength.' + relation.strength) })];
        if (relation.tension) parts.push(this.t('relation_tension'));
        return el('li', { lang: 'fr', text: parts.join(' ') });
      }, this)));
    }
    return parts;
  };

  View.prototype.download = function (view) {
    var blob = new Blob([this.canvas('map').map.svgDocument()], { type: 'image/svg+xml' });
    var url = URL.createObjectURL(blob);
    var link = el('a', { href: url, download: this.fileName(view), hidden: true });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  };

  /** "Cartographie des partenaires", attempt 2 -> cartographie-des-partenaires-2.svg */
  View.prototype.fileName = function (view) {
    var base = this.title.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    return (base || 'map') + '-' + view.attempt + '.svg';
  };

  View.prototype.resultActions = function (view) {
    var self = this;
    var actions = el('div', { className: 'ip-pn-actions' }, [
      this.button(this.key('print'), this.t('print'), function () { global.print(); }, { secondary: true }),
    ]);
    if (view.can_restart) {
      var label = view.remaining === null ? this.t('restart') : this.t('restart_left', { left: view.remaining });
      actions.appendChild(this.button(this.key('restart'), label, function () { self.restart(); }));
    } else {
      actions.appendChild(el('p', { className: 'ip-pn-attempts', text: this.t('no_attempts') }));
    }
    return actions;
  };

  /** A new attempt spends one: ask first, saying what remains. */
  View.prototype.restart = function () {
    var self = this;
    var view = this.state;
    var question = view.remaining === null
      ? this.t('restart_confirm_unlimited', { next: view.attempt + 1 })
      : this.t('restart_confirm', { next: view.attempt + 1, left: view.remaining - 1 });
    this.confirm(this.key('restart'), question, this.t('restart_yes'), this.t('restart_no')).then(function (yes) {
      if (yes) self.request('restart', {}, self.key('attempt'));
    });
  };

  /** Print with every fold open (a browser prints closed folds closed), then as they were. */
  View.prototype.printing = function (on) {
    if (on === Boolean(this.printed)) return;
    var folds = this.root.querySelectorAll('details');
    if (on) {
      this.printed = Array.prototype.filter.call(folds, function (d) { return !d.open; });
      this.printed.forEach(function (d) { d.open = true; });
    } else {
      this.printed.forEach(function (d) { d.open = false; });
      this.printed = null;
    }
  };

  // --- Staff ---------------------------------------------------------------------------------

  View.prototype.staffSection = function () {
    return this.part('staff', [this.submissions], this.buildStaff);
  };

  View.prototype.buildStaff = function () {
    var self = this;
    var loaded = this.submissions;
    var load = this.button(this.key('load-submissions'), this.t(loaded ? 'submissions_reload' : 'submissions_load'), function () {
      self.request('submissions', {}, null, function (answer) {
        self.submissions = answer;
        self.render(self.state);
        self.say(self.t('submissions_loaded', { count: answer.submissions.length }));
      });
    }, { secondary: true });
    var children = [el('p', { text: this.t('submissions_intro') }), load];
    if (loaded) {
      if (loaded.scope !== 'all') children.push(el('p', { className: 'ip-pn-notice', text: this.t('submissions_scope') }));
      children.push(loaded.submissions.length ? this.submissionsTable(loaded.submissions)
        : el('p', { text: this.t('submissions_none') }));
    }
    return this.section('staff', this.t('submissions'), children);
  };

  View.prototype.submissionsTable = function (rows) {
    var captionId = this.key('submissions-table');
    var table = el('table', { className: 'ip-pn-table' }, [
      el('caption', { id: captionId, text: this.t('submissions_caption', { count: rows.length }) }),
      el('thead', {}, [el('tr', {}, ['learner', 'attempt', 'score', 'capacities', 'justifications'].map(function (column) {
        return el('th', { scope: 'col', text: this.t('column.' + column) });
      }, this))]),
      el('tbody', {}, rows.map(function (row) {
        return el('tr', {}, [
          el('th', { scope: 'row', text: String(row.learner) }),
          el('td', { text: String(row.attempt) }),
          el('td', { text: this.t('percent', { percent: percent(row.raw_score) }) }),
          el('td', {}, [el('ul', {}, row.capacities.map(function (c) {
            return el('li', { text: this.t('capacity_points', { code: c.code, earned: this.number(c.earned), possible: c.possible }) });
          }, this))]),
          el('td', {}, row.justifications.length ? [el('ul', {}, row.justifications.map(function (j) {
            return el('li', {}, [el('span', { className: 'ip-pn-label', lang: 'fr', text: this.t('labelled', { label: j.title }) }),
              el('span', { lang: 'fr', text: j.text })]);
          }, this))] : [el('span', { text: this.t('nothing') })]),
        ]);
      }, this)),
    ]);
    return this.scroller(table, captionId);
  };

  global.PartnerNetworkView = View;
})(typeof window !== 'undefined' ? window : globalThis);
