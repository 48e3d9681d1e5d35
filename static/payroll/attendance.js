// Keyboard entry for the attendance grid (50+ people x 31 days): type 1 / 5 / . / 0, the cursor
// moves on; arrows, Enter and Tab move; totals follow as you type. No library, no network.
(() => {
  const form = document.querySelector("[data-attendance-grid]");
  if (!form) return;
  const FULL = "1", HALF = "0.5";
  const cell = (r, c) => form.querySelector(`input.att[data-r="${r}"][data-c="${c}"]`);
  const inputs = Array.from(form.querySelectorAll("input.att"));
  const maxRow = Math.max(-1, ...inputs.map((i) => +i.dataset.r));
  const maxCol = Math.max(-1, ...inputs.map((i) => +i.dataset.c));
  const dirty = form.querySelector("[data-dirty]");
  let changed = false;

  const value = (text) => {
    const number = parseFloat(text);
    return Number.isFinite(number) ? number : 0;
  };
  const paint = (input) => {
    input.classList.toggle("full", input.value === FULL);
    input.classList.toggle("half", input.value === HALF);
  };
  const total = (row) => {
    const tr = form.querySelector(`tr[data-row="${row}"]`);
    if (!tr) return;
    let sum = 0;
    tr.querySelectorAll("input.att").forEach((i) => { sum += value(i.value); });
    tr.querySelectorAll("[data-fixed]").forEach((s) => { sum += value(s.dataset.fixed); });
    tr.querySelector("[data-total]").textContent = String(sum);
    let grand = 0;
    form.querySelectorAll("[data-total]").forEach((t) => { grand += value(t.textContent); });
    const cellTotal = form.querySelector("[data-grand-total]");
    if (cellTotal) cellTotal.textContent = String(grand);
  };
  const set = (input, text) => {
    if (input.value !== text) {
      input.value = text;
      changed = true;
      if (dirty) dirty.hidden = false;
    }
    paint(input);
    total(input.dataset.r);
  };
  const move = (input, dr, dc) => {
    let r = +input.dataset.r, c = +input.dataset.c;
    for (let step = 0; step < 64; step += 1) {
      r += dr; c += dc;
      if (c > maxCol) { c = 0; r += 1; }
      if (c < 0) { c = maxCol; r -= 1; }
      if (r < 0 || r > maxRow) return;
      const next = cell(r, c);
      if (next) { next.focus(); next.select(); return; }
    }
  };

  inputs.forEach(paint);
  form.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!input.matches || !input.matches("input.att") || event.ctrlKey || event.metaKey || event.altKey) return;
    const keys = {
      ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0], Enter: [1, 0],
    };
    if (keys[event.key]) { event.preventDefault(); move(input, ...keys[event.key]); return; }
    const typed = { "1": FULL, "5": HALF, ".": HALF, h: HALF, "0": "", " ": FULL }[event.key];
    if (typed !== undefined) { event.preventDefault(); set(input, typed); move(input, 0, 1); return; }
    if (event.key === "Backspace" || event.key === "Delete") { event.preventDefault(); set(input, ""); return; }
    if (event.key.length === 1) event.preventDefault(); // anything else would not be a valid mark
  });
  form.addEventListener("input", (event) => {
    if (event.target.matches("input.att")) { changed = true; paint(event.target); total(event.target.dataset.r); }
  });
  form.addEventListener("click", (event) => {
    const column = event.target.closest("[data-fill-col]");
    if (column) {
      const cells = inputs.filter((i) => i.dataset.c === column.dataset.fillCol);
      const fill = cells.some((i) => i.value === "") ? FULL : "";
      cells.forEach((i) => set(i, fill));
    }
    const row = event.target.closest("[data-fill-row]");
    if (row) {
      inputs.filter((i) => i.dataset.r === row.dataset.fillRow && i.dataset.weekend !== "1")
        .forEach((i) => set(i, FULL));
    }
  });
  form.addEventListener("submit", () => { changed = false; });
  window.addEventListener("beforeunload", (event) => {
    if (changed) { event.preventDefault(); event.returnValue = ""; }
  });
})();
