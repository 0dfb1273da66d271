/* educomms: interactive API documentation (Swagger UI, vendored). Loaded as a same-origin file because
   the Content-Security-Policy forbids inline script. Settings come from data- attributes. */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  var csrfToken = root.dataset.csrfToken || "";
  window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    deepLinking: true,
    layout: "BaseLayout",
    presets: [window.SwaggerUIBundle.presets.apis],
    validatorUrl: null,
    persistAuthorization: false,
    // Signed-in people may try requests with their session: send the CSRF token, as HTMX pages do.
    requestInterceptor: function (request) {
      if (csrfToken) {
        request.headers["X-CSRFToken"] = csrfToken;
      }
      return request;
    }
  });
})();
