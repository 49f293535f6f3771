// The site index: filter the cards by a search over titles and tags, and by category.
(() => {
  "use strict";
  const search = document.getElementById("ui-search");
  const category = document.getElementById("ui-category");
  const count = document.getElementById("ui-count");
  const cards = Array.from(document.querySelectorAll("#ui-cards .card"));

  function matches(card, terms) {
    const title = card.dataset.title.toLowerCase();
    const tags = card.dataset.tags.toLowerCase().split("\n");
    return terms.every((term) => title.includes(term) || tags.some((tag) => tag.includes(term)));
  }

  function filter() {
    const terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const card of cards) {
      const visible = (!category.value || card.dataset.category === category.value) && matches(card, terms);
      card.hidden = !visible;
      shown += visible ? 1 : 0;
    }
    count.textContent = shown === cards.length ? cards.length + " designs"
      : shown + " of " + cards.length + " designs" + (shown ? "" : ": try fewer words, or another category");
  }

  search.addEventListener("input", filter);
  category.addEventListener("change", filter);
  search.form.addEventListener("submit", (event) => event.preventDefault());
  filter();
})();
