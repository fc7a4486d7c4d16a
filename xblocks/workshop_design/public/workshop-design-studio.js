/* Workshop design in Studio: the shared editor (xblocks/common/public/studio-editor.js) on the
 * workshop XML, previewed with the learner's page on the JS engine (workshop-design-engine.js)
 * through the in-page transport: nothing the author does in the preview reaches the server.
 */
function WorkshopDesignStudio(runtime, element, init) {
  'use strict';
  var args = JSON.parse(init.json);
  var E = WorkshopDesignEngine;

  function gettext(template) {
    return Object.prototype.hasOwnProperty.call(args.templates, template) ? args.templates[template] : template;
  }

  function preview(section, content, settings) {
    // A new root for each check: the page of an earlier check may still have a save timer.
    var old = section.querySelector('.ip-wd-root');
    var root = old.cloneNode(false);
    old.parentNode.replaceChild(root, old);
    var maxAttempts = settings.max_attempts;
    function view(state) {
      var shown = E.learnerView(content, state, { seed: args.seed, maxAttempts: maxAttempts, gettext: gettext });
      var awaiting = state.f ? E.grade(content, state.p, null) : null;
      // No trainer in a preview: a submitted plan stays awaiting grading.
      shown.notice = null;
      shown.kept = null;
      shown.result = state.f ? {
        attempt: state.a,
        status: 'awaiting',
        submitted: null,
        grade: E.gradeDict(awaiting),
        explanations: { score: E.format(E.explanations(content, awaiting).score, gettext), capacities: {} },
        levels: null,
        comments: {},
        overall: '',
        graded: null,
      } : null;
      shown.can_restart = false;
      return shown;
    }
    var transport = InsertionProTransport.local({
      load: function () { return E.newState(); },
      save: function () {},
      view: view,
      act: function (state, action, payload) {
        return E.applyPageAction(content, state, action, payload, { maxAttempts: maxAttempts, gettext: gettext });
      },
    });
    var page = new WorkshopDesignView(root, {
      transport: transport,
      ui: args.ui,
      capacities: args.capacities,
      requiredMark: settings.required_mark,
      staff: false,
      id: 'ip-wd-preview',
      title: settings.display_name,
    });
    page.start(view(E.newState()));
  }

  InsertionProStudioEditor(runtime, element, {
    xmlField: 'workshop_xml',
    text: args.text,
    settings: function (field) {
      var mark = Number(field('required_mark'));
      return {
        display_name: field('display_name'),
        max_attempts: Number(field('max_attempts')),
        weight: Number(field('weight')),
        // A mark of 0 asks for nothing: the block then keeps none, as the other blocks do.
        required_mark: mark > 0 ? mark : null,
      };
    },
    preview: preview,
  });
}
