// The browser's half of a live figure (lecture_utils/widgets/live_figure.py), an anywidget ES module with no
// imports. Matplotlib draws the still parts once, as a PNG with see-through holes where images go (`background`,
// with `scene`: the canvas size and each axes' box and limits). Each update (`frame`) brings only what moves:
// lines as float32 x then y, images as uint8 colour indices, with their colours and widths as matplotlib has them.
// Paint order, as matplotlib's: images and the lines under the background, the background, the lines over it.
// Updates are coalesced: whatever arrives between two display refreshes, only the newest is painted, once, and
// the kernel is told which one (`painted`) when it asks, so that it sends no more than the browser keeps up with.

const ANSWER_EVERY = 100;  // ms: the longest the kernel goes without hearing which frame was painted

function floats(view) {
  if (!view) return new Float32Array(0);
  const bytes = view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength);
  return new Float32Array(bytes);
}

function mapper(ax, which) {
  const log = ax[which + "scale"] === "log";
  const f = log ? (v) => (v > 0 ? Math.log10(v) : NaN) : (v) => v;
  const [lo, hi] = ax[which + "lim"].map(f);
  const [x0, y0, w, h] = ax.bbox;
  return which === "x" ? (v) => x0 + ((f(v) - lo) / (hi - lo)) * w : (v) => y0 + h - ((f(v) - lo) / (hi - lo)) * h;
}

function clipTo(ctx, ax) {
  const [x0, y0, w, h] = ax.bbox;
  ctx.beginPath();
  ctx.rect(x0, y0, w, h);
  ctx.clip();
}

function drawLine(ctx, scene, spec) {
  const ax = scene.axes[spec.axes];
  const xy = floats(spec.xy);
  const n = xy.length / 2;
  if (!ax || n === 0) return;
  const X = mapper(ax, "x"), Y = mapper(ax, "y");
  ctx.save();
  if (spec.clip) clipTo(ctx, ax);
  ctx.globalAlpha = spec.alpha;
  const points = [];
  for (let i = 0; i < n; i++) points.push([X(xy[i]), Y(xy[n + i])]);
  if (spec.width > 0) {
    ctx.strokeStyle = spec.color;
    ctx.lineWidth = spec.width;
    ctx.lineJoin = "round";
    ctx.lineCap = spec.dash.length ? "butt" : "square";
    ctx.setLineDash(spec.dash);
    ctx.beginPath();
    let pen = false;
    for (const [x, y] of points) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) { pen = false; continue; }
      if (pen) ctx.lineTo(x, y); else ctx.moveTo(x, y);
      pen = true;
    }
    ctx.stroke();
  }
  if (spec.marker === "o") {
    ctx.setLineDash([]);
    ctx.fillStyle = spec.markerface;
    ctx.strokeStyle = spec.markeredge;
    ctx.lineWidth = spec.markeredgewidth;
    const at = spec.markevery === "last" ? points.slice(-1) : points;
    for (const [x, y] of at) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      ctx.beginPath();
      ctx.arc(x, y, spec.markersize / 2, 0, 2 * Math.PI);
      ctx.fill();
      if (spec.markeredgewidth > 0) ctx.stroke();
    }
  }
  ctx.restore();
}

function drawImage(ctx, scene, spec) {
  const ax = scene.axes[spec.axes];
  const [ny, nx] = spec.shape;
  const index = new Uint8Array(spec.data.buffer, spec.data.byteOffset, spec.data.byteLength);
  const small = document.createElement("canvas");
  small.width = nx;
  small.height = ny;
  const sctx = small.getContext("2d");
  const pixels = sctx.createImageData(nx, ny);
  for (let r = 0; r < ny; r++) {
    const row = spec.origin === "lower" ? ny - 1 - r : r;  // canvas rows run downwards
    for (let c = 0; c < nx; c++) {
      const rgba = spec.colors[index[row * nx + c]];
      const p = 4 * (r * nx + c);
      pixels.data[p] = rgba[0]; pixels.data[p + 1] = rgba[1]; pixels.data[p + 2] = rgba[2]; pixels.data[p + 3] = rgba[3];
    }
  }
  sctx.putImageData(pixels, 0, 0);
  const X = mapper(ax, "x"), Y = mapper(ax, "y");
  const [e0, e1, e2, e3] = spec.extent;
  ctx.save();
  clipTo(ctx, ax);
  ctx.imageSmoothingEnabled = false;  // matplotlib's interpolation="nearest"
  ctx.drawImage(small, X(e0), Y(e3), X(e1) - X(e0), Y(e2) - Y(e3));
  ctx.restore();
}

function render({ model, el }) {
  const canvas = document.createElement("canvas");
  canvas.className = "lecture-live-figure";
  canvas.style.display = "block";
  canvas.style.maxWidth = "100%";  // a narrow window or slide scales the whole figure down, overlay and all,
  canvas.style.height = "auto";    // since background and moving parts are painted on this one canvas
  el.appendChild(canvas);
  const ctx = canvas.getContext("2d");
  let scene = null, background = null, token = 0, scheduled = false, alive = true, received = 0;
  let asked = false, answered = -Infinity;  // the kernel asked to hear of a paint; when we last told it

  function paint() {
    scheduled = false;
    if (!alive || !scene || !background) return;
    const frame = model.get("frame");
    const ratio = scene.ratio || 1;
    if (canvas.width !== scene.width || canvas.height !== scene.height) {
      canvas.width = scene.width;
      canvas.height = scene.height;
      canvas.style.width = `${scene.width / ratio}px`;  // its natural size, at most the width it is given
    }
    if (ctx.reset) ctx.reset(); else ctx.setTransform(1, 0, 0, 1, 0, 0);  // no state (clip, alpha) carried over
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = scene.facecolor;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    for (const spec of frame.images || []) drawImage(ctx, scene, spec);
    for (const spec of frame.under || []) drawLine(ctx, scene, spec);
    ctx.drawImage(background, 0, 0);
    for (const spec of frame.over || []) drawLine(ctx, scene, spec);
    el.dataset.painted = String(frame.seq);
    const log = (window.__lecturePaints = window.__lecturePaints || []);
    log.push({ name: model.get("name"), seq: frame.seq, received, t: performance.now() });
    if (log.length > 10000) log.splice(0, 5000);
    // Each message to the kernel costs the page more than a paint (JupyterLab redraws its busy/idle indicators),
    // so a paint is reported when the kernel asks (it runs short of frames in flight) or every ANSWER_EVERY ms.
    if (asked || performance.now() - answered >= ANSWER_EVERY) {
      model.send({ painted: frame.seq });
      asked = false;
      answered = performance.now();
    }
  }

  function schedule() {
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(paint);
    }
  }

  function loadBackground() {
    const mine = ++token;
    const view = model.get("background");
    const next = model.get("scene");
    if (!view || view.byteLength === 0) return;
    const blob = new Blob([view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength)], { type: "image/png" });
    createImageBitmap(blob).then((bitmap) => {
      if (mine !== token || !alive) return;  // a newer background is on its way: this one is dropped
      background = bitmap;
      scene = next;
      schedule();
    });
  }

  model.on("change:background", loadBackground);
  model.on("change:frame", () => {
    received = performance.now();
    asked = asked || Boolean(model.get("frame").ask);  // a frame coalesced away still has its question answered
    schedule();
  });
  loadBackground();
  return () => { alive = false; };
}

export default { render };
