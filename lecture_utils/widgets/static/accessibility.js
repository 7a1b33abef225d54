// The browser's half of lecture_utils/widgets/accessibility.py, an anywidget ES module with no imports. It works
// inside the widget's panel (the element with class lecture-widget that holds it):
// - each control in `names` ({CSS class: name}) is named in the lecture's symbols ("weight ω_43^[3]"): a slider's
//   handle and its typed value (ipywidgets ties its label to neither), a dropdown (whose label is a bare "j"), a
//   row of toggle buttons (which ipywidgets names "null" when it has no description);
// - the figure (the live figure's canvas, or the stepper's image) is an image named `label` and described by the
//   readout's numbers, `text`;
// - `text` goes to a polite live region once it has not changed for `settle` seconds, so that a screen reader says
//   the result of a move, or where Pause left the training, and not every frame.

const HIDDEN = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;" +
  "clip:rect(0,0,0,0);white-space:nowrap;border:0";

function setAttr(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function nameControls(panel, names) {
  for (const [css, name] of Object.entries(names)) {
    const control = panel.querySelector(`.${css}`);
    if (!control) continue;
    for (const el of control.querySelectorAll("[role=slider], select")) setAttr(el, "aria-label", name);
    for (const el of control.querySelectorAll(".widget-readout")) {
      setAttr(el, "role", "textbox");
      setAttr(el, "aria-label", `${name}, typed value`);
    }
    for (const el of control.querySelectorAll(":scope > div[aria-label]:not(.widget-readout)")) {  // toggle buttons
      setAttr(el, "role", "group");
      setAttr(el, "aria-label", name);
    }
  }
}

function describeFigures(panel, label, description) {
  for (const canvas of panel.querySelectorAll("canvas.lecture-live-figure")) {
    setAttr(canvas, "role", "img");
    setAttr(canvas, "aria-label", label);
    setAttr(canvas, "aria-describedby", description.id);
  }
  for (const img of panel.querySelectorAll("img.widget-image")) {
    setAttr(img, "alt", label);
    setAttr(img, "aria-describedby", description.id);
  }
}

function render({ model, el }) {
  el.style.cssText = HIDDEN;
  const description = document.createElement("p");
  // unique in the page: each widget loads its own copy of this module, so no counter here is shared
  description.id = `lecture-figure-text-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const live = document.createElement("div");
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-atomic", "true");
  live.className = "lecture-announcement";
  el.append(description, live);
  let timer = null, panel = null, observer = null;

  function apply() {
    panel = panel || el.closest(".lecture-widget");
    if (!panel) return;
    nameControls(panel, model.get("names"));
    describeFigures(panel, model.get("label"), description);
  }
  function text() {
    description.textContent = model.get("text");
    clearTimeout(timer);
    timer = setTimeout(() => { live.textContent = model.get("text"); }, 1000 * model.get("settle"));
  }
  // The panel's controls render around this view, and again when their options change: name them each time.
  function start() {
    apply();
    if (panel && !observer) {
      observer = new MutationObserver(apply);
      observer.observe(panel, { childList: true, subtree: true });
    }
  }
  requestAnimationFrame(start);
  setTimeout(start, 500);
  description.textContent = model.get("text");
  model.on("change:text", text);
  model.on("change:label", apply);
  model.on("change:names", apply);
  return () => { clearTimeout(timer); if (observer) observer.disconnect(); };
}

export default { render };
