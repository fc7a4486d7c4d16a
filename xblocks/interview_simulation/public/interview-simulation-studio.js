/* Studio editor: settings and scenario XML, checked by the block, previewed with the JS engine. */
function InterviewSimulationStudio(runtime, element, init) {
  'use strict';
  var args = JSON.parse(init.json);
  var form = (element.jquery ? element[0] : element).querySelector('form.ip-studio');
  var status = form.querySelector('.ip-studio-status');
  var preview = form.querySelector('.ip-studio-preview');
  var server = InsertionProTransport.xblock(runtime, element);
  var E = InterviewSimulationEngine;

  function field(name) { return form.elements[name].value; }

  // Studio's runtime has notify(); the LMS and workbench runtimes do not.
  function notify(name, data) {
    if (typeof runtime.notify === 'function') runtime.notify(name, data);
  }

  function showProblems(problems) {
    status.textContent = '';
    var title = document.createElement('p');
    title.className = 'ip-studio-problems';
    title.textContent = problems.length ? args.text.problems : args.text.valid;
    status.appendChild(title);
    if (problems.length) {
      var list = document.createElement('ul');
      problems.forEach(function (text) {
        var item = document.createElement('li');
        item.textContent = text;
        list.appendChild(item);
      });
      status.appendChild(list);
    }
  }

  function showPreview(content) {
    var settings = { feedbackMode: field('feedback_mode'), maxAttempts: Number(field('max_attempts')) };
    var state = E.newState();
    var transport = InsertionProTransport.local({
      load: function () { return state; },
      save: function (next) { state = next; },
      view: function (current) { return E.view(content, current, settings); },
      act: function (current, action, payload) {
        return action === 'restart'
          ? E.restart(content, current, settings.maxAttempts)
          : E.choose(content, current, payload.choice);
      },
    });
    preview.hidden = false;
    new InterviewSimulationView(preview.querySelector('.ip-root'), {
      transport: transport, ui: args.ui, capacities: args.capacities,
    }).start();
  }

  function fail(error) {
    showProblems([error.message]);
  }

  form.querySelector('[data-action="check"]').addEventListener('click', function () {
    server.call('studio_check', { scenario_xml: field('scenario_xml') }).then(function (result) {
      showProblems(result.problems);
      if (result.content) showPreview(result.content);
      else preview.hidden = true;
    }, fail);
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    notify('save', { state: 'start' });
    server.call('studio_submit', {
      display_name: field('display_name'),
      max_attempts: Number(field('max_attempts')),
      feedback_mode: field('feedback_mode'),
      weight: Number(field('weight')),
      scenario_xml: field('scenario_xml'),
    }).then(function () {
      status.textContent = args.text.saved;
      notify('save', { state: 'end' });
    }, function (error) {
      notify('error', { title: args.text.problems, message: error.message });
      fail(error);
    });
  });

  form.querySelector('[data-action="cancel"]').addEventListener('click', function () {
    notify('cancel', {});
  });
}
