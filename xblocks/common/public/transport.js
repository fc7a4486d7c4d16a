/* Transports: how an activity front-end talks to whatever decides (see architecture).
 *
 * A transport has one method, call(action, payload) -> Promise<view state>. It rejects with
 * an Error whose message is already translated and fit to show the learner.
 *  - xblock(runtime, element): posts JSON to the block's handler; the Python engine decides.
 *  - local({act, view, load, save}): the JS engine decides in the page (SCORM, Studio
 *    preview); `act(state, action, payload)` returns the new state or throws, `save` persists.
 */
(function (global) {
  'use strict';

  function cookie(name) {
    var match = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return match ? decodeURIComponent(match[1]) : '';
  }

  function xblock(runtime, element) {
    return {
      call: function (action, payload) {
        return fetch(runtime.handlerUrl(element, action), {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-CSRFToken': cookie('csrftoken') },
          body: JSON.stringify(payload || {}),
        }).catch(function () {
          throw new Error('');  // offline or unreachable: the view says it in the learner's words
        }).then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (body) {
            if (!response.ok) {
              // The view words an error without a message itself, in the learner's language;
              // the status tells a stale action (409) from a refused one.
              var error = new Error(body.error || '');
              error.status = response.status;
              throw error;
            }
            return body;
          });
        });
      },
    };
  }

  function local(engine) {
    var state = engine.load();
    return {
      call: function (action, payload) {
        return new Promise(function (resolve) {
          if (action !== 'get_state') {
            state = engine.act(state, action, payload || {});
            engine.save(state);
          }
          resolve(engine.view(state));
        });
      },
    };
  }
  // A refusal from an in-page engine rejects the promise as it is (template, params, stale).

  global.InsertionProTransport = { xblock: xblock, local: local };
})(typeof window !== 'undefined' ? window : globalThis);
