// Progressive enhancement only: every page works without this file.
// After a form is sent with errors, move focus to the error summary so that keyboard and
// screen-reader users hear what to fix (its links then lead to each field).
const summary = document.getElementById("error-summary");
if (summary) {
  summary.focus();
}
