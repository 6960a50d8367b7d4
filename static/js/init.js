import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();

// GOV.UK Frontend focuses the error summary when the page loads; a #fragment in the address
// (left by an "Add another" button) would then scroll the page away from it. Keep the focus on
// the summary, so keyboard and screen-reader users hear what to fix first.
const summary = document.querySelector(".govuk-error-summary");
if (summary && window.location.hash) {
  window.addEventListener("load", () => summary.focus());
}

// A search box inside a larger form (the workshop form's "Find people") names the button Enter
// should press; without this, Enter presses the form's default button (Save).
document.querySelectorAll("[data-enter-presses]").forEach((input) => {
  input.addEventListener("keydown", (event) => {
    const button = document.getElementById(input.dataset.enterPresses);
    if (event.key === "Enter" && button) {
      event.preventDefault();
      button.click();
    }
  });
});
