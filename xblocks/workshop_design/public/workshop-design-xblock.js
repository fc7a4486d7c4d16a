/* Open edX entry point: the shared view on the XBlock transport (the Python engine decides). */
function WorkshopDesignXBlock(runtime, element, init) {
  'use strict';
  var args = JSON.parse(init.json);
  var node = element.jquery ? element[0] : element;
  var view = new WorkshopDesignView(node.querySelector('.ip-wd-root'), {
    transport: InsertionProTransport.xblock(runtime, element),
    ui: args.ui,
    capacities: args.capacities,
    requiredMark: args.required_mark,
    staff: args.staff,
    id: args.id,
    title: args.title,
  });
  view.start(args.view);
}
