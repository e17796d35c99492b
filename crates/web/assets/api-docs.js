// Tendo's API reference: starts the vendored Swagger UI on /api/openapi.json.
// Kept in its own file so that the page needs no inline script (see the content security policy).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#api-reference",
    deepLinking: true,
    // No badge from validator.swagger.io: the reference makes no request to another site.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
