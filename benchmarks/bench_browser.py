"""How fast the widgets answer in a real browser: notebook 10 in JupyterLab in headless Chromium, its kernel beside.

bench_widgets.py times the kernel's side under Agg; here the whole path counts: the browser's event, the comm
message, the kernel's update, ipympl's PNG of the frame (sent whole, see lecture_utils.widgets.canvas.send_whole_frames), the
websocket and the browser's drawing. Both machines share the same 2 cores, so the references below are measured in
the same run, in process:
(a) the training dashboard while it plays (2000 iterations per frame): frames that reach the browser per second
    (target >= 10) and SGD steps per second (target >= 20,000), against the in-process rate of bench_widgets;
(b) the weight explorer: a key press on the ω_43^[3] slider until the figure's new frame reaches the browser,
    median over 15 presses, against the in-process slider change of bench_widgets.
Needs Debian's chromium and Playwright (the test extra), as the browser tests do; without them it says so.
"""
import pathlib
import shutil
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from browser import ROOT, dashboard_status, iteration, launch_chromium, missing, run_all_cells, running_lab, wait_idle  # noqa: E402

import bench_widgets  # noqa: E402  (sets Agg for this process only; the lab's kernel keeps ipympl)

NOTEBOOK = "10_drive_lemma_1.ipynb"
PLAY_SECONDS = 8.0
PRESSES = 15


def frames_received(page):
    """Arrival times of ipympl's frames on the page's websockets (appended as they come)."""
    times = []

    def watch(ws):
        ws.on("framereceived", lambda payload: times.append(time.monotonic())
              if ("binary" in payload if isinstance(payload, str) else b"binary" in payload) else None)

    page.on("websocket", watch)
    return times


def run_notebook(page, base, token):
    page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}&reset")
    page.locator(".jp-Notebook").first.wait_for()
    wait_idle(page)
    run_all_cells(page)


def dashboard_in_browser(page, frames):
    status = dashboard_status(page)
    status.scroll_into_view_if_needed()

    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(2000)  # past the first frames
    i0, t0, n0 = iteration(status), time.monotonic(), len(frames)
    page.wait_for_timeout(1000 * PLAY_SECONDS)
    i1, t1, n1 = iteration(status), time.monotonic(), len(frames)
    page.get_by_role("button", name="Pause").click()
    page.wait_for_timeout(1000)
    return (n1 - n0) / (t1 - t0), (i1 - i0) / (t1 - t0)


def slider_in_browser(page, frames):
    slider = page.locator(".widget-hslider", has=page.locator(".widget-label", has_text="ω_43^[3]"))
    handle = slider.locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    handle.focus()
    latencies = []
    for _ in range(PRESSES):
        n, start = len(frames), time.monotonic()
        page.keyboard.press("ArrowRight")
        while len(frames) == n:
            if time.monotonic() - start > 10:
                raise RuntimeError("no frame reached the browser within 10 s of a key press")
            page.wait_for_timeout(2)
        latencies.append(frames[n] - start)
        page.wait_for_timeout(300)  # let the frame settle before the next press
    return 1e3 * sorted(latencies)[len(latencies) // 2]


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
        shutil.copy(ROOT / "notebooks" / NOTEBOOK, root / NOTEBOOK)
        with running_lab(root, home) as (base, token), sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.set_default_timeout(90_000)
            frames = frames_received(page)
            run_notebook(page, base, token)
            fps, steps = dashboard_in_browser(page, frames)
            key_ms = slider_in_browser(page, frames)
            browser.close()
    print(f"training dashboard in a real browser ({PLAY_SECONDS:g} s of Play):")
    print(f"  {fps:5.1f} frames per second          target >= 10: {'yes' if fps >= 10 else 'NO'}   "
          f"(in process, same run: {fps_here:.1f}, so {fps / fps_here:.0%} of it)")
    print(f"  {steps:8,.0f} SGD steps per second     target >= 20,000: {'yes' if steps >= 20_000 else 'NO'}   "
          f"(in process: {steps_here:,.0f})")
    print("weight explorer in a real browser, key press on ω_43^[3] → the figure's new frame arrives (median):")
    print(f"  {key_ms:7.1f} ms   (the kernel's part in process, same run: {blit_ms:.1f} ms, "
          f"so {key_ms / blit_ms:.0f}× that)")


if __name__ == "__main__":
    main()
