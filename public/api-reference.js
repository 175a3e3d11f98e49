// Renders /api/v1/openapi.json with the bundled Swagger UI (no CDN, no inline script for the CSP).
window.addEventListener("load", function () {
  window.ui = window.SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    tryItOutEnabled: false,
    withCredentials: true,
  });
});
