/* Studio editor shared by the blocks: the settings form, the content XML checked by the block,
 * previewed in the page, saved with the settings.
 *
 * The settings form is the one source of truth for the block's settings. Problems and warnings
 * come with their line: the editor numbers its lines, and each message moves the cursor to the
 * line it names.
 *
 * The block's template (templates/studio_view.html) gives the markup: a form.ip-studio holding
 * the settings fields, the XML textarea in .ip-studio-editor beside pre.ip-studio-lines, then
 * .ip-studio-where, .ip-studio-status, the buttons [data-action="check"], a submit button and
 * [data-action="cancel"]; and a section.ip-studio-preview, hidden, in or after the form.
 *
 * `config`, from the block's Studio script:
 *  - xmlField: the name of the XML textarea, and of the XML in both handlers' bodies;
 *  - settings(field): the settings as studio_submit takes them, read with field(name) -> the
 *    value of the form's field `name`;
 *  - preview(section, content, settings): play `content` (studio_check's) in the preview
 *    section, made visible, with the form's settings;
 *  - text: the editor's strings, translated: line_status ("{line}"), go_to_line ("{line}"),
 *    valid, problems, warnings, saved, not_saved, cancel_confirm, cancelled.
 *
 * studio_check takes {<xmlField>: text, settings} (a block may ignore the settings) and
 * answers {problems, warnings, content}; studio_submit takes the settings and <xmlField>, and
 * answers {warnings}. A message is {message, line}, or a text whose line is at the same place
 * in `problem_lines` / `warning_lines`.
 */
function InsertionProStudioEditor(runtime, element, config) {
  'use strict';
  var root = element.jquery ? element[0] : element;
  var form = root.querySelector('form.ip-studio');
  var status = root.querySelector('.ip-studio-status');
  var preview = root.querySelector('.ip-studio-preview');
  var gutter = root.querySelector('.ip-studio-lines');
  var where = root.querySelector('.ip-studio-where');
  var editor = form.elements[config.xmlField];
  var text = config.text;
  var server = InsertionProTransport.xblock(runtime, element);
  var initial = formValues();

  function formValues() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (input) {
      if (input.name) values[input.name] = input.value;
    });
    return values;
  }
  function field(name) { return form.elements[name].value; }
  function settings() { return config.settings(field); }
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  // Studio's runtime has notify(); the LMS and workbench runtimes do not.
  function notify(name, data) {
    if (typeof runtime.notify === 'function') runtime.notify(name, data);
  }

  // --- line numbers ----------------------------------------------------------------------

  function numberLines() {
    var count = editor.value.split('\n').length;
    var lines = '';
    for (var i = 1; i <= count; i += 1) lines += i + '\n';
    gutter.textContent = lines;
    gutter.scrollTop = editor.scrollTop;
  }

  function showWhere() {
    var line = editor.value.slice(0, editor.selectionStart).split('\n').length;
    where.textContent = format(text.line_status, { line: line });
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

  /** The messages of `kind` ("problems", "warnings") in a handler's answer, as {message, line}. */
  function entries(result, kind) {
    var lines = result[kind.slice(0, -1) + '_lines'] || [];
    return (result[kind] || []).map(function (found, i) {
      return typeof found === 'string' ? { message: found, line: lines[i] } : found;
    });
  }

  /** A message; with the line it names, a button that takes the cursor there. */
  function messageItem(entry) {
    var item = document.createElement('li');
    if (!entry.line) {
      item.textContent = entry.message;
      return item;
    }
    var go = document.createElement('button');
    go.type = 'button';
    go.className = 'ip-link';
    go.textContent = entry.message;
    go.setAttribute('aria-label', format(text.go_to_line, { line: entry.line }) + ' — ' + entry.message);
    go.addEventListener('click', function () { goToLine(entry.line); });
    item.appendChild(go);
    return item;
  }

  function section(title, className, found) {
    var heading = document.createElement('p');
    heading.className = className;
    heading.textContent = title;
    status.appendChild(heading);
    var list = document.createElement('ul');
    found.forEach(function (entry) { list.appendChild(messageItem(entry)); });
    status.appendChild(list);
  }

  function showWarnings(result) {
    var warnings = entries(result, 'warnings');
    if (warnings.length) section(text.warnings, 'ip-studio-warnings', warnings);
  }

  function showProblems(result) {
    var problems = entries(result, 'problems');
    status.textContent = '';
    if (problems.length) section(text.problems, 'ip-studio-problems', problems);
    else {
      var ok = document.createElement('p');
      ok.textContent = text.valid;
      status.appendChild(ok);
    }
    showWarnings(result);
  }

  function showMessage(message) {
    status.textContent = '';
    var note = document.createElement('p');
    note.className = 'ip-studio-refused';
    note.textContent = message;
    status.appendChild(note);
  }

  function fail(error) {
    preview.hidden = true;
    // A refusal for the user's role is not a problem of the content.
    if (error.status === 403) showMessage(error.message);
    else showProblems({ problems: [error.message] });
  }

  function check() {
    var body = { settings: settings() };
    body[config.xmlField] = editor.value;
    return server.call('studio_check', body);
  }

  // --- actions ---------------------------------------------------------------------------

  root.querySelector('[data-action="check"]').addEventListener('click', function () {
    check().then(function (result) {
      showProblems(result);
      if (result.content) {
        preview.hidden = false;
        config.preview(preview, result.content, settings());
      } else {
        preview.hidden = true;
      }
    }, fail);
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    notify('save', { state: 'start' });
    var body = settings();
    body[config.xmlField] = editor.value;
    server.call('studio_submit', body).then(function (result) {
      showMessage(text.saved);
      showWarnings(result);
      initial = formValues();
      notify('save', { state: 'end' });
    }, function (error) {
      notify('error', { title: text.problems, message: error.message });
      if (error.status !== 400) return fail(error);
      // The refusal joins every problem in one message: check again to list them, each
      // linked to its line.
      check().then(function (result) {
        if (entries(result, 'problems').length) {
          showMessage(text.not_saved);
          section(text.problems, 'ip-studio-problems', entries(result, 'problems'));
        } else {
          fail(error);
        }
      }, function () { fail(error); });
    });
  });

  // Cancel puts back what was last saved (Studio also closes the editor).
  root.querySelector('[data-action="cancel"]').addEventListener('click', function () {
    var changed = Object.keys(initial).some(function (name) { return field(name) !== initial[name]; });
    if (changed && !window.confirm(text.cancel_confirm)) return;
    Object.keys(initial).forEach(function (name) { form.elements[name].value = initial[name]; });
    numberLines();
    preview.hidden = true;
    showMessage(text.cancelled);
    notify('cancel', {});
  });
}
