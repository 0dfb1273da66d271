// Monitoring inbox: "select all on this page" for the bulk actions. No inline script (the CSP forbids it).
document.addEventListener("change", (event) => {
  const box = event.target.closest("[data-select-all]");
  if (!box) return;
  const form = box.closest("form");
  form.querySelectorAll(`input[type=checkbox][name="${box.dataset.selectAll}"]`).forEach((c) => {
    c.checked = box.checked;
  });
});
