// Small behaviours of the shell; everything else is plain HTML and htmx attributes.
// No template carries inline script or on*= handlers (the Content-Security-Policy forbids them):
// pages ask for these behaviours with data- attributes.
// Progress bars: <div class="progress-bar" data-progress="40"> (a width set through the DOM is
// allowed where a style="" attribute is not), on load and after htmx swaps rows in.
function portalProgress(root) {
  root.querySelectorAll("[data-progress]").forEach((bar) => {
    bar.style.width = `${Math.max(0, Math.min(100, Number(bar.dataset.progress) || 0))}%`;
  });
}
document.addEventListener("htmx:afterSettle", () => portalProgress(document));

document.addEventListener("DOMContentLoaded", () => {
  portalProgress(document);
  // Confirm before irreversible actions: <button data-confirm="确定提交吗？">
  document.body.addEventListener("click", (event) => {
    const target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.dataset.confirm)) {
      event.preventDefault();
    }
    // Back to the page before: <a href="/" data-back> (the address is the fallback)
    const back = event.target.closest("a[data-back]");
    if (back && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });

  // Submit a filter form when its choice changes: <select name="year" data-autosubmit>
  document.body.addEventListener("change", (event) => {
    const target = event.target;
    if (target.matches("[data-autosubmit]") && target.form) {
      target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
    }
    // Tick every box of a name: <input type="checkbox" data-check-all="project">
    if (target.matches("[data-check-all]")) {
      const name = target.dataset.checkAll;
      document.querySelectorAll(`input[type=checkbox][name="${CSS.escape(name)}"]`).forEach((box) => {
        box.checked = target.checked;
      });
    }
  });
});
