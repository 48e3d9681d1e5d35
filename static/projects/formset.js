// Inline formsets: "添加一行" clones the empty form (prefix __prefix__) and bumps TOTAL_FORMS.
(function () {
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-formset]").forEach((section) => {
      const prefix = section.dataset.formset;
      const total = section.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
      const body = section.querySelector("[data-formset-body]");
      const empty = section.querySelector("template[data-formset-empty]");
      section.querySelector("[data-formset-add]").addEventListener("click", () => {
        const index = parseInt(total.value, 10);
        body.insertAdjacentHTML("beforeend", empty.innerHTML.replaceAll("__prefix__", String(index)));
        total.value = String(index + 1);
        const first = body.lastElementChild.querySelector("select, input:not([type=hidden])");
        if (first) first.focus();
      });
    });
  });
})();
