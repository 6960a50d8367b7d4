// Starts Swagger UI on the API documentation page (templates/api/docs.html). Its settings come
// from a JSON data element, so the page needs no inline script under the portal's CSP.
(function () {
  "use strict";
  const element = document.getElementById("api-docs-config");
  if (!element || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  const config = JSON.parse(element.textContent);
  const csrfToken = () => {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  };
  window.ui = SwaggerUIBundle({
    url: config.schema_url,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    // The endpoints first; the models are read from each operation.
    defaultModelsExpandDepth: -1,
    docExpansion: "list",
    persistAuthorization: false,
    requestInterceptor: (request) => {
      if (!["GET", undefined].includes(request.method)) {
        request.headers[config.csrf_header_name] = csrfToken();
      }
      return request;
    },
  });
})();
