// Candidates page: a "招用" button carries its rank explanation into the hiring form, so the
// contract keeps why this person was chosen (national measures art. 28).
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-ranking]");
  if (!button) return;
  const field = document.getElementById("id_ranking");
  if (field) field.value = button.dataset.ranking;
});
