/* Interview simulation in Studio: the shared editor (xblocks/common/public/studio-editor.js)
 * on the scenario XML, previewed with the JS engine.
 *
 * The block refuses XML whose root attributes disagree with the settings form: the check sends
 * the form's settings for it to compare.
 */
function InterviewSimulationStudio(runtime, element, init) {
  'use strict';
  var args = JSON.parse(init.json);
  var E = InterviewSimulationEngine;

  InsertionProStudioEditor(runtime, element, {
    xmlField: 'scenario_xml',
    text: args.text,
    settings: function (field) {
      return {
        display_name: field('display_name'),
        max_attempts: Number(field('max_attempts')),
        feedback_mode: field('feedback_mode'),
        weight: Number(field('weight')),
        required_mark: field('required_mark') === '' ? null : Number(field('required_mark')),
      };
    },
    // The interview plays in the page, on a local transport: the server knows nothing of it.
    preview: function (section, content, settings) {
      var options = { feedbackMode: settings.feedback_mode, maxAttempts: settings.max_attempts, seed: args.seed };
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
      new InterviewSimulationView(section.querySelector('.ip-root'), {
        transport: transport, ui: args.ui, capacities: args.capacities,
        requiredMark: settings.required_mark,
      }).start();
    },
  });
}
