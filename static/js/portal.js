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

// Sums typed in 元 where the lists show 万元: <input data-wan> (set by the `bootstrap` filter)
// gets the same sum in 万元 below it, as it is typed (issue 10, item 17).
const WAN = new Intl.NumberFormat("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
function portalWan(input) {
  if (!input.wanEcho) {
    input.wanEcho = document.createElement("div");
    input.wanEcho.className = "form-text wan-echo";
    input.wanEcho.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", input.wanEcho);
  }
  const text = input.value.replace(/[,，\s]/g, "");
  const value = Number(text);
  input.wanEcho.textContent = text === "" || !Number.isFinite(value) ? "单位：元" : `单位：元，即 ${WAN.format(value / 10000)} 万元`;
}
function portalWans(root) {
  root.querySelectorAll("input[data-wan]").forEach(portalWan);
}
document.addEventListener("htmx:afterSettle", () => portalWans(document));
document.addEventListener("input", (event) => {
  if (event.target.matches && event.target.matches("input[data-wan]")) portalWan(event.target);
});
document.addEventListener("focusin", (event) => {
  if (event.target.matches && event.target.matches("input[data-wan]")) portalWan(event.target);
});

// One submission per click: after the first submit of a POST form its submit buttons are
// disabled and say 提交中… (a double click or a second Enter sends nothing more). A form that
// answers with a file (<form data-download>) leaves the page in place: its buttons come back
// after a moment; any other comes back only if the page is still here after a long wait (or is
// shown again from the back-forward cache). htmx forms (their submit already handled) are left
// to htmx.
function portalRelease(form) {
  delete form.dataset.submitting;
  Array.from(form.elements).forEach((el) => {
    if (el.dataset.portalLabel !== undefined) {
      el.disabled = false;
      el.innerHTML = el.dataset.portalLabel;
      delete el.dataset.portalLabel;
    }
  });
}
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || form.method !== "post" || form.target === "_blank") return;
  if (form.dataset.submitting) {
    event.preventDefault();
    return;
  }
  form.dataset.submitting = "1";
  const buttons = Array.from(form.elements).filter((el) => el.type === "submit");
  // Disabled after this event: the button pressed still sends its name and value.
  window.setTimeout(() => {
    buttons.forEach((button) => {
      button.dataset.portalLabel = button.innerHTML;
      button.disabled = true;
      if (button.tagName === "BUTTON") {
        button.innerHTML = '<span class="spinner-border spinner-border-sm" aria-hidden="true"></span> 提交中…';
      }
    });
  }, 0);
  window.setTimeout(() => portalRelease(form), form.hasAttribute("data-download") ? 2500 : 20000);
});
window.addEventListener("pageshow", (event) => {
  if (event.persisted) document.querySelectorAll("form[data-submitting]").forEach(portalRelease);
});

document.addEventListener("DOMContentLoaded", () => {
  portalProgress(document);
  portalWans(document);
  // A form posted with errors: its summary (partials/error_summary.html) is read out first.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
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
