"""How fast the widgets answer in a real browser: notebook 10 in JupyterLab in headless Chromium, its kernel beside.

bench_widgets.py times the kernel's side under Agg; here the whole path counts: the browser's key press, the comm
message, the kernel's update, the update message (a few numbers and float32 buffers: the browser draws what moves,
see lecture_utils/widgets/live_figure.py), the websocket and the browser's painting. Browser and kernel share the
same 2 cores, so each figure has a reference measured in the same run:
(a) the weight explorer: a key press (ArrowRight) on the focused ω_43^[3] slider until the browser has painted the
    new frame, median and 90th percentile over PRESSES presses (goal: median <= 40 ms and within 2× of the
    reference), against a bare ipywidgets round trip: a slider echoing its value into a Label (from the key press
    until the Label shows the new value), pressed alternately with the explorer's in the same page;
(b) the training dashboard while it plays (2000 iterations per frame): frames painted by the browser per second
    (goal >= 24) and SGD steps per second (goal >= 50,000), against the in-process rate of bench_widgets, with the
    frames the kernel sent and the page's messages back (its 'painted' answers: each costs the page JupyterLab's
    busy/idle redraw, so the kernel asks for one only every few frames);
(c) the bytes the browser receives per explorer key press and per dashboard frame (every websocket message).
Times are taken in the page (performance.now at the key's keydown, at the paint, at the Label's change).
Needs Debian's chromium and Playwright (the test extra), as the browser tests do; without them it says so.
"""
import json
import pathlib
import shutil
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from browser import ROOT, dashboard_status, iteration, launch_chromium, missing, run_all_cells, running_lab, wait_idle  # noqa: E402

import bench_widgets  # noqa: E402  (sets Agg for this process only)

NOTEBOOK = "10_drive_lemma_1.ipynb"
PLAY_SECONDS = 8.0
PRESSES = 21
ECHO_CELL = """import ipywidgets as widgets  # bench_browser.py's reference: the barest slider → kernel → Label round trip
echo_slider = widgets.FloatSlider(description="echo", step=0.01, continuous_update=True)
echo_label = widgets.Label("echo 0.00")
echo_slider.observe(lambda change: setattr(echo_label, "value", f"echo {change['new']:.2f}"), "value")
widgets.VBox([echo_slider, echo_label])"""

# In the page, before JupyterLab loads: the times of key presses, and of the echo Label's changes once found.
WATCH_KEYS = """() => {
    window.__keys = [];
    window.addEventListener('keydown', () => window.__keys.push(performance.now()), true);
}"""
WATCH_ECHO = """(label) => {
    window.__echoes = [];
    new MutationObserver(() => window.__echoes.push(performance.now()))
        .observe(label, {childList: true, characterData: true, subtree: true});
}"""


def with_echo_cell(source, target):
    nb = json.loads(source.read_text())
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "bench-echo", "metadata": {},
                        "outputs": [], "source": ECHO_CELL})
    target.write_text(json.dumps(nb))


def bytes_received(page):
    """(arrival time, size) of every websocket message the page receives; `log.sent` counts the messages it sends."""
    log = Log()

    def watch(ws):
        ws.on("framereceived", lambda payload: log.append((time.monotonic(), len(payload))))
        ws.on("framesent", lambda payload: setattr(log, "sent", log.sent + 1))

    page.on("websocket", watch)
    return log


class Log(list):
    sent = 0


def paints(page, name):
    return page.evaluate("(name) => (window.__lecturePaints || []).filter(p => p.name === name).map(p => p.t)", name)


def last_seq(page, name):
    """The number of the newest frame the browser has painted: how many frames the kernel has sent by then."""
    return page.evaluate("(name) => (window.__lecturePaints || []).filter(p => p.name === name).at(-1).seq", name)


def press_and_time(page, handle, arrived, count):
    """Focus the slider handle, press ArrowRight, wait for `arrived` (JS: the n-th event after the key); ms."""
    handle.focus()
    before = count()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(arrived, arg=before, timeout=10_000)
    return page.evaluate("(n) => window.__last(n) - window.__keys[window.__keys.length - 1]", before)


def keys_in_browser(page, log):
    """Explorer and echo presses, alternately: (explorer latencies, echo latencies, bytes per explorer press)."""
    explorer = page.locator(".widget-hslider", has=page.locator(".widget-label", has_text="ω_43^[3]")).locator(".noUi-handle")
    echo = page.locator(".widget-hslider", has=page.locator(".widget-label", has_text="echo")).locator(".noUi-handle")
    label = page.locator(".widget-label", has_text="echo 0.00").first
    label.scroll_into_view_if_needed()
    page.evaluate(WATCH_ECHO, label.element_handle())
    explorer.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    paint_times = "() => { window.__last = (n) => window.__lecturePaints.filter(p => p.name === 'explorer')[n].t; }"
    echo_times = "() => { window.__last = (n) => window.__echoes[n]; }"
    n_explorer = "(n) => (window.__lecturePaints || []).filter(p => p.name === 'explorer').length > n"
    n_echo = "(n) => window.__echoes.length > n"
    ours, bare, sizes, arrived = [], [], [], []
    for _ in range(PRESSES):
        page.evaluate(paint_times)
        start = len(log)
        ours.append(press_and_time(page, explorer, n_explorer, lambda: len(paints(page, "explorer"))))
        arrived.append(page.evaluate("() => window.__lecturePaints.filter(p => p.name === 'explorer').at(-1).received"
                                     " - window.__keys.at(-1)"))
        page.wait_for_timeout(250)  # the readout and anything else of this press arrive
        sizes.append(sum(size for _, size in log[start:]))
        page.evaluate(echo_times)
        bare.append(press_and_time(page, echo, n_echo, lambda: page.evaluate("window.__echoes.length")))
        page.wait_for_timeout(250)
    return ours, bare, sum(sizes) / len(sizes), arrived


def dashboard_in_browser(page, log):
    status = dashboard_status(page)
    status.scroll_into_view_if_needed()
    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(2000)  # past the first frames
    i0, p0, s0, b0, t0 = (iteration(status), len(paints(page, "dashboard")), last_seq(page, "dashboard"), len(log),
                          time.monotonic())
    m0 = log.sent
    page.wait_for_timeout(1000 * PLAY_SECONDS)
    i1, p1, s1, b1, t1 = (iteration(status), len(paints(page, "dashboard")), last_seq(page, "dashboard"), len(log),
                          time.monotonic())
    m1 = log.sent
    page.get_by_role("button", name="Pause").click()
    page.wait_for_timeout(1000)
    frames = p1 - p0
    return (frames / (t1 - t0), (i1 - i0) / (t1 - t0), sum(size for _, size in log[b0:b1]) / max(frames, 1),
            (s1 - s0) / (t1 - t0), (m1 - m0) / max(frames, 1))


def quantile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main():
    why = missing()
    if why:
        print(f"skipped: {why} (apt-get install chromium; pip install -e '.[test]')")
        return
    from playwright.sync_api import sync_playwright

    blit_ms = bench_widgets.explorer_latency()[0]
    fps_here, steps_here, _, _ = bench_widgets.dashboard_rate()
    with tempfile.TemporaryDirectory() as tmp:
        root, home = pathlib.Path(tmp, "root"), pathlib.Path(tmp, "home")
        root.mkdir()
        home.mkdir()
        with_echo_cell(ROOT / "notebooks" / NOTEBOOK, root / NOTEBOOK)
        with running_lab(root, home) as (base, token), sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.set_default_timeout(90_000)
            page.add_init_script(f"({WATCH_KEYS})()")
            log = bytes_received(page)
            page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}&reset")
            page.locator(".jp-Notebook").first.wait_for()
            wait_idle(page)
            run_all_cells(page)
            fps, steps, dashboard_bytes, sent, answers = dashboard_in_browser(page, log)
            ours, bare, explorer_bytes, arrived = keys_in_browser(page, log)
            browser.close()
    median, p90, bare_median, bare_p90 = (quantile(ours, 0.5), quantile(ours, 0.9), quantile(bare, 0.5),
                                          quantile(bare, 0.9))
    yes = lambda ok: "yes" if ok else "NO"  # noqa: E731
    print(f"weight explorer in a real browser, key press on ω_43^[3] → new frame painted ({PRESSES} presses):")
    print(f"  median {median:6.1f} ms, p90 {p90:6.1f} ms   goal median <= 40 ms: {yes(median <= 40)}; "
          f"within 2× of the reference: {yes(median <= 2 * bare_median)} ({median / bare_median:.1f}×)")
    print(f"  reference, same run: bare slider → Label round trip, median {bare_median:6.1f} ms, p90 {bare_p90:6.1f} ms;"
          f" the kernel's part in process: {blit_ms:.1f} ms")
    print(f"  of which: key press → the frame's message handed to the widget, median {quantile(arrived, 0.5):6.1f} ms")
    print(f"training dashboard in a real browser ({PLAY_SECONDS:g} s of Play):")
    print(f"  {fps:5.1f} frames painted per second      goal >= 24: {yes(fps >= 24)}   "
          f"(in process, same run: {fps_here:.1f}; frames sent by the kernel: {sent:.1f} per second; messages from "
          f"the page to the kernel: {answers:.2f} per frame painted)")
    print(f"  {steps:8,.0f} SGD steps per second      goal >= 50,000: {yes(steps >= 50_000)}   "
          f"(in process, same run: {steps_here:,.0f})")
    print(f"bytes received by the browser: {explorer_bytes:,.0f} per explorer key press, "
          f"{dashboard_bytes:,.0f} per dashboard frame painted (measured on 1 December 2026 with the earlier design, "
          "ipympl's whole PNG frames: 108,566 per key press and about 56,000-60,000 per frame)")


if __name__ == "__main__":
    main()
