/* Open edX entry point: the shared view on the XBlock transport (the Python engine decides). */
function InterviewSimulationXBlock(runtime, element, init) {
  'use strict';
  var args = JSON.parse(init.json);
  var node = element.jquery ? element[0] : element;
  var view = new InterviewSimulationView(node.querySelector('.ip-root'), {
    transport: InsertionProTransport.xblock(runtime, element),
    ui: args.ui,
    capacities: args.capacities,
    requiredMark: args.required_mark,
  });
  view.start(args.view);
}
