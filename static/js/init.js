import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();

// GOV.UK Frontend focuses the error summary when the page loads; a #fragment in the address
// (left by an "Add another" button) would then scroll the page away from it. Keep the focus on
// the summary, so keyboard and screen-reader users hear what to fix first.
const summary = document.querySelector(".govuk-error-summary");
if (summary && window.location.hash) {
  window.addEventListener("load", () => summary.focus());
}
