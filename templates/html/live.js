// `archgen watch`: reload when a newer render is ready; while the spec is broken, show its errors and keep
// the last good render. The server pushes its status as server-sent events from /events.
(() => {
  "use strict";
  const banner = document.getElementById("ui-live-errors");
  const mine = Number(document.querySelector('meta[name="archgen-page-version"]').content);

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function showErrors(errors) {
    if (!errors.length) {
      banner.hidden = true;
      banner.replaceChildren();
      return;
    }
    const list = el("ul");
    for (const error of errors) {
      const item = el("li");
      if (error.where) item.append(el("code", error.where), " ");
      item.append(el("strong", error.severity + ": "), error.message);
      if (error.hint) item.append(el("span", "hint: " + error.hint, "formula"));
      if (error.source) item.append(el("pre", error.source));
      list.append(item);
    }
    const note = mine > 0 ? "The page shows the last good render." : "Nothing has rendered yet.";
    banner.replaceChildren(el("h2", "The spec has errors"), el("p", note), list);
    banner.hidden = false;
  }

  const events = new EventSource("/events");
  events.onmessage = (event) => {
    const status = JSON.parse(event.data);
    if (status.page_version !== mine) {
      events.close();
      window.location.reload();
      return;
    }
    showErrors(status.errors);
  };
})();
