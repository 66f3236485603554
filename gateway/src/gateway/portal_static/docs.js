// Swagger UI over the merged document. A file of its own, not an inline script: the
// gateway's Content-Security-Policy allows scripts from this origin only.

// What Swagger UI renders without a name or a way in, named and reachable once it appears
// (axe-core): the servers list sits in an empty <label> (select-name); the copy buttons hold
// only an icon (button-name); the curl command scrolls sideways on a phone, out of a
// keyboard's reach (scrollable-region-focusable).
var NAMES = [
  ["#servers", "Servers"],
  [".copy-to-clipboard > button", "Copy to clipboard"],
];

function mendSwaggerUi() {
  NAMES.forEach(function (pair) {
    document.querySelectorAll(pair[0] + ":not([aria-label])").forEach(function (element) {
      element.setAttribute("aria-label", pair[1]);
    });
  });
  document.querySelectorAll(".curl:not([tabindex])").forEach(function (element) {
    element.setAttribute("tabindex", "0");
  });
}

window.addEventListener("DOMContentLoaded", function () {
  new MutationObserver(mendSwaggerUi).observe(document.getElementById("swagger-ui"), {
    childList: true,
    subtree: true,
  });
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    // Off: with deep links on, each operation's path is a link inside the button that opens
    // it, two controls in one that keyboards and screen readers cannot tell apart (axe-core:
    // nested-interactive). Tags and operations still open by click and keyboard.
    deepLinking: false,
    persistAuthorization: false,
    displayRequestDuration: true,
    tryItOutEnabled: false,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    layout: "BaseLayout",
  });
});
