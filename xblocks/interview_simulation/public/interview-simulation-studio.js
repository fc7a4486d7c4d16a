/* Studio editor: settings and scenario XML, checked by the block, previewed with the JS engine.
 *
 * The settings form is the one source of truth for the block's settings; the block refuses XML
 * whose root attributes disagree with it. Problems and warnings come with their line: the
 * editor numbers its lines, and each message moves the cursor to the line it names.
 */
function InterviewSimulationStudio(runtime, element, init) {
  'use strict';
  var global = typeof window !== 'undefined' ? window : globalThis;
  var args = JSON.parse(init.json);
  var form = (element.jquery ? element[0] : element).querySelector('form.ip-studio');
  var status = form.querySelector('.ip-studio-status');
  var preview = form.querySelector('.ip-studio-preview');
  var editor = form.elements.scenario_xml;
  var gutter = form.querySelector('.ip-studio-lines');
  var where = form.querySelector('.ip-studio-where');
  var server = InsertionProTransport.xblock(runtime, element);
  var E = InterviewSimulationEngine;
  var initial = {};
  Array.prototype.forEach.call(form.elements, function (input) {
    if (input.name) initial[input.name] = input.value;
  });

  function field(name) { return form.elements[name].value; }
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  // Studio's runtime has notify(); the LMS and workbench runtimes do not.
  function notify(name, data) {
    if (typeof runtime.notify === 'function') runtime.notify(name, data);
  }

  function settings() {
    return {
      display_name: field('display_name'),
      max_attempts: Number(field('max_attempts')),
      feedback_mode: field('feedback_mode'),
      weight: Number(field('weight')),
      required_mark: field('required_mark') === '' ? null : Number(field('required_mark')),
    };
  }

  // --- line numbers ----------------------------------------------------------------------

  function numberLines() {
    var count = editor.value.split('\n').length;
    var text = '';
    for (var i = 1; i <= count; i += 1) text += i + '\n';
    gutter.textContent = text;
    gutter.scrollTop = editor.scrollTop;
  }

  function showWhere() {
    var line = editor.value.slice(0, editor.selectionStart).split('\n').length;
    where.textContent = format(args.text.line_status, { line: line });
  }

  function goToLine(line) {
    var lines = editor.value.split('\n');
    var start = lines.slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
    editor.focus();
    editor.setSelectionRange(start, start + (lines[line - 1] || '').length);
    var lineHeight = editor.scrollHeight / Math.max(lines.length, 1);
    editor.scrollTop = Math.max(0, (line - 3) * lineHeight);
    numberLines();
    showWhere();
  }

  editor.addEventListener('input', numberLines);
  editor.addEventListener('scroll', function () { gutter.scrollTop = editor.scrollTop; });
  ['keyup', 'click', 'focus'].forEach(function (name) { editor.addEventListener(name, showWhere); });
  numberLines();

  // --- messages --------------------------------------------------------------------------

  /** A message; with the line it names, a button that takes the cursor there. */
  function messageItem(text, line) {
    var item = document.createElement('li');
    if (!line) {
      item.textContent = text;
      return item;
    }
    var go = document.createElement('button');
    go.type = 'button';
    go.className = 'ip-link';
    go.textContent = text;
    go.setAttribute('aria-label', format(args.text.go_to_line, { line: line }) + ' — ' + text);
    go.addEventListener('click', function () { goToLine(line); });
    item.appendChild(go);
    return item;
  }

  function section(title, className, texts, lines) {
    var heading = document.createElement('p');
    heading.className = className;
    heading.textContent = title;
    status.appendChild(heading);
    var list = document.createElement('ul');
    texts.forEach(function (text, i) { list.appendChild(messageItem(text, (lines || [])[i])); });
    status.appendChild(list);
  }

  function showProblems(result) {
    status.textContent = '';
    if (result.problems.length) section(args.text.problems, 'ip-studio-problems', result.problems, result.problem_lines);
    else {
      var ok = document.createElement('p');
      ok.textContent = args.text.valid;
      status.appendChild(ok);
    }
    if (result.warnings && result.warnings.length) {
      section(args.text.warnings, 'ip-studio-warnings', result.warnings, result.warning_lines);
    }
  }

  function check() {
    return server.call('studio_check', { scenario_xml: field('scenario_xml'), settings: settings() });
  }

  function showMessage(text) {
    status.textContent = '';
    var note = document.createElement('p');
    note.className = 'ip-studio-refused';
    note.textContent = text;
    status.appendChild(note);
  }

  function fail(error) {
    preview.hidden = true;
    // A refusal for the user's role is not a problem of the scenario.
    if (error.status === 403) showMessage(error.message);
    else showProblems({ problems: [error.message], warnings: [] });
  }

  // --- preview ---------------------------------------------------------------------------

  function showPreview(content) {
    var options = { feedbackMode: field('feedback_mode'), maxAttempts: Number(field('max_attempts')), seed: args.seed };
    var state = E.newState();
    var kept = null;
    var transport = InsertionProTransport.local({
      load: function () { return state; },
      save: function (next) { state = next; kept = E.keptAfter(content, kept, next); },
      view: function (current) { return E.view(content, current, Object.assign({ kept: kept }, options)); },
      act: function (current, action, payload) {
        E.checkPosition(current, payload.at);
        if (action === 'restart') return E.restart(content, current, options.maxAttempts);
        return E.choose(content, current, E.chosenId(content, current, options.seed, payload.choice));
      },
    });
    preview.hidden = false;
    new InterviewSimulationView(preview.querySelector('.ip-root'), {
      transport: transport, ui: args.ui, capacities: args.capacities,
      requiredMark: settings().required_mark,
    }).start();
  }

  // --- actions ---------------------------------------------------------------------------

  form.querySelector('[data-action="check"]').addEventListener('click', function () {
    check().then(function (result) {
      showProblems(result);
      if (result.content) showPreview(result.content);
      else preview.hidden = true;
    }, fail);
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    notify('save', { state: 'start' });
    server.call('studio_submit', Object.assign(settings(), { scenario_xml: field('scenario_xml') })).then(function (result) {
      showMessage(args.text.saved);
      if (result.warnings && result.warnings.length) {
        section(args.text.warnings, 'ip-studio-warnings', result.warnings, result.warning_lines);
      }
      Array.prototype.forEach.call(form.elements, function (input) {
        if (input.name) initial[input.name] = input.value;
      });
      notify('save', { state: 'end' });
    }, function (error) {
      notify('error', { title: args.text.problems, message: error.message });
      if (error.status !== 400) return fail(error);
      // Show the refused scenario's problems one by one, each linked to its line.
      check().then(function (result) {
        if (result.problems.length) {
          showMessage(args.text.not_saved);
          section(args.text.problems, 'ip-studio-problems', result.problems, result.problem_lines);
        } else {
          fail(error);
        }
      }, function () { fail(error); });
    });
  });

  // Cancel puts back what was last saved (Studio also closes the editor).
  form.querySelector('[data-action="cancel"]').addEventListener('click', function () {
    var changed = Object.keys(initial).some(function (name) { return form.elements[name].value !== initial[name]; });
    if (changed && !global.confirm(args.text.cancel_confirm)) return;
    Object.keys(initial).forEach(function (name) { form.elements[name].value = initial[name]; });
    numberLines();
    preview.hidden = true;
    showMessage(args.text.cancelled);
    notify('cancel', {});
  });
}
