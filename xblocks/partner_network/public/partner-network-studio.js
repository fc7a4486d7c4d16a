/* Partner network in Studio: the shared editor (xblocks/common/public/studio-editor.js) on the
 * network XML, previewed with the learner's page on the JS engine, as a SCO plays it
 * (partner-network-scorm.js): nothing the author does in the preview reaches the server.
 */
function PartnerNetworkStudio(runtime, element, init) {
  'use strict';
  var args = JSON.parse(init.json);
  var S = PartnerNetworkScorm;

  InsertionProStudioEditor(runtime, element, {
    xmlField: 'network_xml',
    text: args.text,
    settings: function (field) {
      var mark = Number(field('required_mark'));
      return {
        display_name: field('display_name'),
        max_attempts: Number(field('max_attempts')),
        weight: Number(field('weight')),
        show_reference: field('show_reference'),
        // A mark of 0 asks for nothing: the block then keeps none, as the interview does.
        required_mark: mark > 0 ? mark : null,
      };
    },
    preview: function (section, content, settings) {
      // A new root for each check: the page of an earlier check may still have a save timer.
      var old = section.querySelector('.ip-pn-root');
      var root = old.cloneNode(false);
      old.parentNode.replaceChild(root, old);
      var played = {
        max_attempts: settings.max_attempts,
        weight: settings.weight,
        required_mark: settings.required_mark,
        show_reference: settings.show_reference,
        justification_limit: args.justification_limit,
      };
      S.mount(root, {
        content: content,
        settings: played,
        saved: S.decode(content, played, ''),
        seed: args.seed,
        ui: args.ui,
        capacities: args.capacities,
        changed: function () {},
      });
    },
  });
}
