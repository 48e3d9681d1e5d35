// Small behaviours of the shell; everything else is plain HTML and htmx attributes.
document.addEventListener("DOMContentLoaded", () => {
  // Confirm before irreversible actions: <button data-confirm="确定提交吗？">
  document.body.addEventListener("click", (event) => {
    const target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.dataset.confirm)) {
      event.preventDefault();
    }
  });
});
