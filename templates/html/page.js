// The design page: switch diagrams and themes, zoom and pan, walk a flow step by step, show a component's
// figures. Every text from the spec is set with textContent, never parsed as HTML.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("ui-data").textContent);
  const $ = (id) => document.getElementById(id);
  const root = document.documentElement;
  const canvas = $("ui-canvas");
  const viewport = $("ui-viewport");
  const viewSelect = $("ui-view");
  const flowSelect = $("ui-flow");
  const themeButton = $("ui-theme");
  const views = new Map(data.views.map((view) => [view.id, view]));
  const flows = new Map(data.facts.flows.map((flow) => [flow.id, flow]));
  const components = data.facts.components;
  const state = { view: "overview", flow: "", step: -1, component: null, theme: "light", shown: null };
  const drawings = new Map([["light:overview", canvas.querySelector("svg")]]);
  const zoom = { scale: 1, x: 0, y: 0 };
  const darkQuery = window.matchMedia("(prefers-color-scheme: dark)");

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // Diagrams: one inline SVG in the page at a time, so the ids Graphviz gave (c-ID, e-ID, m-TAG) stay unique.
  function drawing(theme, viewId) {
    const key = theme + ":" + viewId;
    if (!drawings.has(key)) {
      const template = $("ui-svg-" + theme + "-" + viewId);
      drawings.set(key, template ? document.importNode(template.content.querySelector("svg"), true) : null);
    }
    return drawings.get(key) || drawing("light", viewId);
  }

  function prepare(svg, view) {
    if (svg.dataset.prepared) return;
    svg.dataset.prepared = "yes";
    svg.setAttribute("role", "group");
    svg.setAttribute("aria-label", view.title);
    const ids = view.kind === "sequence"
      ? view.participants.flatMap((p) => [["p-" + p.id + "-top", p.id], ["p-" + p.id + "-bottom", p.id]])
      : view.nodes.map((node) => ["c-" + node.id, node.id]);
    for (const [id, component] of ids) {
      const node = svg.querySelector("#" + CSS.escape(id));
      if (!node || !components[component]) continue;
      node.dataset.component = component;
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", "button");
      node.setAttribute("aria-label", components[component].label + ", " + components[component].kind
        + ": show its figures");
    }
  }

  function show() {
    const view = views.get(state.view);
    const svg = drawing(state.theme, state.view);
    if (canvas.firstElementChild !== svg) canvas.replaceChildren(svg);
    prepare(svg, view);
    if (state.shown !== state.view) {
      state.shown = state.view;
      fit();
    }
    $("ui-alt").textContent = view.alt;
    viewSelect.value = state.view;
    highlight();
  }

  // Which SVG elements draw a step: overview and stage edges list the steps they stand for in their tags.
  function stepElements(view, tag) {
    if (view.kind === "sequence") return ["m-" + tag, "ml-" + tag];
    return view.edges.filter((edge) => edge.tags.includes(tag))
      .flatMap((edge) => ["e-" + edge.id, "e2-" + edge.id, "l-" + edge.id]);
  }

  function componentElements(view, component) {
    if (view.kind === "sequence") return ["p-" + component + "-top", "p-" + component + "-bottom"];
    return ["c-" + component];
  }

  function mark(svg, ids, className) {
    for (const id of ids) {
      const node = svg.querySelector("#" + CSS.escape(id));
      if (node) node.classList.add(className);
    }
  }

  function highlight() {
    const svg = canvas.firstElementChild;
    const view = views.get(state.view);
    for (const name of ["is-flow", "is-step", "is-end", "is-selected"]) {
      svg.querySelectorAll("." + name).forEach((node) => node.classList.remove(name));
    }
    const flow = flows.get(state.flow);
    svg.classList.toggle("has-flow", Boolean(flow) && view.kind !== "sequence");
    if (flow) {
      for (const step of flow.steps) {
        mark(svg, stepElements(view, step.tag), "is-flow");
        mark(svg, [step.source, step.target].flatMap((c) => componentElements(view, c)), "is-flow");
      }
      const step = flow.steps[state.step];
      if (step) {
        mark(svg, stepElements(view, step.tag), "is-step");
        const first = svg.querySelector(".is-step");
        if (first) keepVisible(first);
        mark(svg, [step.source, step.target].flatMap((c) => componentElements(view, c)), "is-end");
      }
    }
    if (state.component) mark(svg, componentElements(view, state.component), "is-selected");
  }

  // Zoom and pan: one transform on the canvas; "fit" shows the drawing's whole width.
  function applyZoom() {
    canvas.style.transform = "translate(" + zoom.x + "px, " + zoom.y + "px) scale(" + zoom.scale + ")";
  }

  function size() {
    const svg = canvas.firstElementChild;
    return { width: svg.width.baseVal.value, height: svg.height.baseVal.value };
  }

  // The drawing fills the column's width, as it is laid out to be read; the frame grows with it up to 85% of
  // the window, and a taller drawing pans inside it.
  function fit() {
    const { width, height } = size();
    zoom.scale = Math.min(1.5, (viewport.clientWidth - 16) / width);
    viewport.style.height = Math.min(height * zoom.scale + 16, window.innerHeight * 0.85) + "px";
    zoom.x = Math.max(8, (viewport.clientWidth - width * zoom.scale) / 2);
    zoom.y = 8;
    applyZoom();
  }

  function zoomBy(factor, atX, atY) {
    const scale = Math.min(8, Math.max(0.1, zoom.scale * factor));
    const x = atX === undefined ? viewport.clientWidth / 2 : atX;
    const y = atY === undefined ? viewport.clientHeight / 2 : atY;
    zoom.x = x - (x - zoom.x) * (scale / zoom.scale);
    zoom.y = y - (y - zoom.y) * (scale / zoom.scale);
    zoom.scale = scale;
    applyZoom();
  }

  let drag = null;
  viewport.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, startX: zoom.x, startY: zoom.y, moved: false, id: event.pointerId };
  });
  viewport.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    if (!drag.moved) {
      drag.moved = true;
      viewport.setPointerCapture(drag.id);
      viewport.classList.add("dragging");
    }
    zoom.x = drag.startX + dx;
    zoom.y = drag.startY + dy;
    applyZoom();
  });
  const endDrag = () => {
    if (drag && drag.moved) {
      viewport.classList.remove("dragging");
      viewport.dataset.dragged = "yes";
      setTimeout(() => delete viewport.dataset.dragged, 0);
    }
    drag = null;
  };
  viewport.addEventListener("pointerup", endDrag);
  viewport.addEventListener("pointercancel", endDrag);
  viewport.addEventListener("wheel", (event) => {
    const box = viewport.getBoundingClientRect();
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      zoomBy(Math.exp(-event.deltaY / 300), event.clientX - box.left, event.clientY - box.top);
      return;
    }
    const { height } = size();
    const low = viewport.clientHeight - height * zoom.scale - 8;
    const y = Math.min(8, Math.max(low, zoom.y - event.deltaY));
    if (y !== zoom.y && low < 8) {
      event.preventDefault();
      zoom.y = y;
      applyZoom();
    }
  }, { passive: false });
  viewport.addEventListener("scroll", () => { viewport.scrollTop = 0; viewport.scrollLeft = 0; });
  viewport.addEventListener("keydown", (event) => {
    const actions = { "+": () => zoomBy(1.25), "=": () => zoomBy(1.25), "-": () => zoomBy(0.8), "0": fit };
    if (actions[event.key] && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      actions[event.key]();
    }
  });
  $("ui-zoom-in").addEventListener("click", () => zoomBy(1.25));
  $("ui-zoom-out").addEventListener("click", () => zoomBy(0.8));
  $("ui-zoom-fit").addEventListener("click", fit);

  // A component is chosen by a click, or by keyboard focus (Tab), on any diagram.
  canvas.addEventListener("click", (event) => {
    if (viewport.dataset.dragged) return;
    const node = event.target.closest("[data-component]");
    if (node) chooseComponent(node.dataset.component);
  });
  canvas.addEventListener("focusin", (event) => {
    const node = event.target.closest("[data-component]");
    if (!node) return;
    viewport.scrollTop = 0;
    viewport.scrollLeft = 0;
    keepVisible(node);
    chooseComponent(node.dataset.component);
  });

  // Pan, along each axis where it is out of sight, until the node is in the middle of the frame.
  function keepVisible(node) {
    const box = node.getBoundingClientRect(), frame = viewport.getBoundingClientRect();
    if (box.left < frame.left || box.right > frame.right) {
      zoom.x += frame.left + frame.width / 2 - (box.left + box.width / 2);
    }
    if (box.top < frame.top || box.bottom > frame.bottom) {
      zoom.y += frame.top + frame.height / 2 - (box.top + box.height / 2);
    }
    applyZoom();
  }

  function figure(value) {
    if (!value) return [el("span", "not computed", "not-computed")];
    return [document.createTextNode(value.display), el("span", value.formula, "formula")];
  }

  function factList(rows) {
    const list = el("dl", null, "facts");
    for (const [term, ...content] of rows) {
      list.append(el("dt", term));
      const value = el("dd");
      value.append(...content);
      list.append(value);
    }
    return list;
  }

  function findingList(findings) {
    const list = el("ul", null, "findings");
    for (const finding of findings) {
      const item = el("li");
      if (finding.silenced) {
        item.append(el("span", "accepted ", "muted"), el("code", finding.rule), ": " + finding.message,
          el("span", "Reason given: " + finding.silenced, "formula"));
      } else {
        item.append(el("span", finding.severity + " ", "severity-" + finding.severity), el("code", finding.rule),
          ": " + finding.message, el("span", finding.why, "formula"));
      }
      list.append(item);
    }
    return list;
  }

  function chooseComponent(id) {
    const facts = components[id];
    if (!facts) return;
    state.component = id;
    const body = $("ui-component-body");
    const parts = [el("p", facts.label, "step-head")];
    if (facts.description) parts.push(el("p", facts.description, "description"));
    parts.push(factList([
      ["Kind", facts.kind],
      ["Technology", facts.tech || "—"],
      ["Tier", facts.tier || "—"],
      ["Instances", facts.instances],
      ["Load reaching it", ...figure(facts.load)],
      ["Utilization at peak", ...figure(facts.utilization)],
      ["Headroom", ...figure(facts.headroom)],
      ["Latency", ...figure(facts.latency)],
      ["Availability", ...figure(facts.availability)],
      ["Steps", facts.steps.length ? facts.steps.map((s) => s.tag + (s.direction === "in" ? " in" : " out")).join(", ")
        : "in no flow"],
    ]));
    const open = facts.findings.filter((f) => !f.silenced).length;
    parts.push(el("p", "Review: " + (facts.findings.length ? open + " open, " + (facts.findings.length - open)
      + " accepted" : "no findings"), "step-head"));
    if (facts.findings.length) parts.push(findingList(facts.findings));
    body.replaceChildren(...parts);
    $("ui-component").dataset.component = id;
    highlight();
  }

  // Flows: the picker highlights a flow's steps on the overview (or shows its own view), Next/Previous step it.
  function chooseFlow(id) {
    state.flow = id;
    state.step = -1;
    flowSelect.value = id;
    const current = views.get(state.view);
    if (id && current.flow && current.flow !== id) {
      const prefix = current.kind === "sequence" ? "seq-" : "flow-";
      if (views.has(prefix + id)) state.view = prefix + id;
    }
    show();
    describeStep();
  }

  function chooseStep(index) {
    const flow = flows.get(state.flow);
    if (!flow) return;
    state.step = Math.max(-1, Math.min(flow.steps.length - 1, index));
    highlight();
    describeStep();
  }

  function describeStep() {
    const flow = flows.get(state.flow);
    const box = $("ui-step");
    $("ui-prev").disabled = !flow || state.step < 0;
    $("ui-next").disabled = !flow || state.step >= flow.steps.length - 1;
    if (!flow) {
      $("ui-step-count").textContent = "";
      box.replaceChildren(el("p", "Pick a flow, then step through it with Next and Previous or the ← and → keys.",
        "hint"));
      return;
    }
    $("ui-step-count").textContent = state.step < 0 ? flow.steps.length + " steps"
      : "Step " + (state.step + 1) + " of " + flow.steps.length;
    const step = flow.steps[state.step];
    if (!step) {
      const parts = [el("p", flow.letter + ". " + flow.title, "step-head"),
        factList([["Target", flow.target || "none set"], ["Latency", flow.verdict],
          ["Availability", ...(flow.availability ? [flow.availability] : figure(null))]])];
      if (flow.findings.length) parts.push(findingList(flow.findings));
      parts.push(el("p", "Press Next or → for the first step.", "hint"));
      box.replaceChildren(...parts);
      return;
    }
    const head = el("p", null, "step-head");
    head.append(el("span", step.tag, "tag"), step.source_label + " → " + step.target_label);
    box.replaceChildren(head, el("p", step.label || "(no label)", "description"), factList([
      ["Call", step.mode],
      ["Path", step.path],
      ["Latency", ...figure(step.latency)],
      ["Share of budget", ...figure(step.share)],
    ]));
  }

  flowSelect.addEventListener("change", () => chooseFlow(flowSelect.value));
  viewSelect.addEventListener("change", () => {
    state.view = viewSelect.value;
    const flow = views.get(state.view).flow;
    if (flow && flow !== state.flow) {
      chooseFlow(flow);
      return;
    }
    show();
  });
  $("ui-next").addEventListener("click", () => chooseStep(state.step + 1));
  $("ui-prev").addEventListener("click", () => chooseStep(state.step - 1));
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (!state.flow || event.altKey || event.ctrlKey || event.metaKey) return;
    if (target instanceof HTMLSelectElement || target instanceof HTMLInputElement
        || target instanceof HTMLTextAreaElement) return;
    if (event.key === "ArrowRight") chooseStep(state.step + 1);
    else if (event.key === "ArrowLeft") chooseStep(state.step - 1);
    else return;
    event.preventDefault();
  });

  // Theme: the system setting until the reader picks one; the choice is remembered where storage is allowed.
  function storedTheme() {
    try { return window.localStorage.getItem("archgen-theme"); } catch (error) { return null; }
  }

  function applyTheme() {
    state.theme = root.dataset.theme || (darkQuery.matches ? "dark" : "light");
    themeButton.textContent = state.theme === "dark" ? "Light theme" : "Dark theme";
    themeButton.setAttribute("aria-pressed", String(state.theme === "dark"));
    show();
  }

  themeButton.addEventListener("click", () => {
    root.dataset.theme = state.theme === "dark" ? "light" : "dark";
    try { window.localStorage.setItem("archgen-theme", root.dataset.theme); } catch (error) { /* file:// may refuse */ }
    applyTheme();
  });
  darkQuery.addEventListener("change", applyTheme);
  const remembered = storedTheme();
  if (remembered === "light" || remembered === "dark") root.dataset.theme = remembered;
  applyTheme();
  describeStep();
  root.dataset.ready = "yes";
})();
