"""The lecture on a JupyterHub (deploy/, benchmarks/bench_hub.py), end to end and small: a hub with its proxy on
127.0.0.1, two students log in, start servers (jupyterhub-singleuser of this environment), run notebook 10's widget
cells in a kernel and drag the weight explorer's slider over the widget protocol, as the browser does; each frame of
the figure must put the point at (ω, C) computed here independently. Also: the deployable configuration loads in
JupyterHub's config loader and refuses to start without real accounts with passwords, and values.yaml's guarantees
are the load test's projection of the committed measurement.

The proxy is configurable-http-proxy from deploy/package-lock.json, fetched by `npm ci` on first use; without
Node.js and npm these tests are skipped with that advice, except under CI (CI=true), where that is a failure."""
import asyncio
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import psutil
import pytest

pytest.importorskip("jupyterhub", reason="JupyterHub is in the test extra: pip install -e '.[test]'")
yaml = pytest.importorskip("yaml")

import lecture_utils as lu  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_hub  # noqa: E402

CONFIG = ROOT / "deploy" / "jupyterhub_config.py"
VALUES = ROOT / "deploy" / "values.yaml"
MOVES = [-1.5, -0.25, 0.6, 1.9]  # values of ω_43^[3] inside the explorer's range


def require_proxy():
    """Skip (or fail under CI=true) when configurable-http-proxy is neither installed nor installable."""
    if shutil.which("node") and (bench_hub.PROXY.exists() or shutil.which("npm")):
        return bench_hub.ensure_proxy()
    advice = "Node.js and npm are needed for JupyterHub's proxy (configurable-http-proxy, `npm ci` in deploy/)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {advice}", pytrace=False)
    pytest.skip(advice)


def figure6_cost(omega):
    """C (18) of Figure 6's network on its first point with ω_43^[3] = omega: the explorer's default curve."""
    net, X, Y = lu.figure6_example()
    net = net.copy()
    net.set_weight(3, 4, 3, omega)
    return net.cost(X[:, 0], Y[:, 0]), lu.complex_step(net, X[:, 0], Y[:, 0], (3, 4, 3))


async def two_students(hub):
    """Two students through the whole path; {name: [(ω sent, lines of the frame)]} and their start times."""
    import aiohttp
    out, starts = {}, {}
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as a, \
            aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as b:
        students = [bench_hub.Student(hub, "ada", a), bench_hub.Student(hub, "bo", b)]

        async def session(student, values):
            await student.log_in()
            starts[student.name] = await student.start_server()
            await student.open_kernel()
            for source in bench_hub.widget_cells():
                await student.execute(source)
            await student.find_explorer()
            out[student.name] = [(v, (await student.move(v))[1]) for v in values]

        await asyncio.gather(session(students[0], MOVES), session(students[1], MOVES[::-1]))
        listening = [c.laddr.ip for p in hub.descendants() + [psutil.Process(hub.process.pid)]
                     for c in p.net_connections("inet") if c.status == psutil.CONN_LISTEN]
        for student in students:
            await student.stop_server()
    return out, starts, listening


def test_two_students_drag_the_explorer_through_the_hub(tmp_path):
    require_proxy()
    with bench_hub.running_hub(tmp_path / "hub", spawn_limit=2) as hub:
        frames, starts, listening = asyncio.run(asyncio.wait_for(two_students(hub), 150))
    seen = list(hub.seen.values())
    assert set(listening) == {"127.0.0.1"}, f"something listens beyond the loopback: {listening}"
    assert len(seen) >= 5  # the proxy, two servers, two kernels
    assert not [p for p in seen if p.is_running()], "a process of the hub outlived it"
    assert set(frames) == {"ada", "bo"} and all(0 < s < 120 for s in starts.values())
    for name, moves in frames.items():
        assert [v for v, _ in moves] == (MOVES if name == "ada" else MOVES[::-1])
        for omega, lines in moves:
            (px, py), (tx, ty) = lines  # the point (ω, C), then the tangent with the slope (25)
            cost, slope = figure6_cost(omega)
            # float32 in the frame: 6e-8 relative rounding, so 1e-6 is tight and a wrong ω or C is far off
            assert px[-1] == pytest.approx(omega, rel=1e-6) and py[-1] == pytest.approx(cost, rel=1e-6)
            assert (ty[-1] - ty[0]) / (tx[-1] - tx[0]) == pytest.approx(slope, rel=1e-4, abs=1e-6)


# --- the deployable configuration --------------------------------------------------------------------------------
LOAD = """
import json, sys
from jupyterhub.app import JupyterHub
app = JupyterHub()
app.load_config_file(sys.argv[1])
c = app.config
print(json.dumps({"authenticator": c.JupyterHub.authenticator_class, "spawner": c.JupyterHub.spawner_class,
                  "bind_url": c.JupyterHub.bind_url, "proxy": c.ConfigurableHTTPProxy.command,
                  "limit": c.JupyterHub.active_server_limit, "default_url": c.Spawner.default_url,
                  "allowed": sorted(c.PAMAuthenticator.allowed_groups), "config": str(c)}))
"""


def load_config(tmp_path, shadow_line=None, **env):
    """deploy/jupyterhub_config.py through JupyterHub's own config loader, in a fresh Python: the completed process."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LECTURE_HUB_")} | env
    if shadow_line is not None:
        (tmp_path / "shadow").write_text(shadow_line + "\n")
        environment["LECTURE_HUB_SHADOW"] = str(tmp_path / "shadow")
    return subprocess.run([sys.executable, "-c", LOAD, str(CONFIG)], env=environment, capture_output=True,
                          text=True, timeout=60)


def test_the_config_refuses_a_class_without_accounts(tmp_path):
    run = load_config(tmp_path, LECTURE_HUB_STUDENTS="no-such-group-of-students")
    assert run.returncode != 0 and "no accounts in the group 'no-such-group-of-students'" in run.stderr


def test_the_config_refuses_an_account_with_an_empty_password(tmp_path):
    """The group root holds the account root on every Linux; a shadow file with its password empty."""
    run = load_config(tmp_path, "root::19000:0:99999:7:::", LECTURE_HUB_STUDENTS="root")
    assert run.returncode != 0 and "empty password" in run.stderr and ": root;" in run.stderr


def test_the_config_loads_with_real_accounts(tmp_path):
    run = load_config(tmp_path, "root:$y$j9T$salt$hash:19000:0:99999:7:::", LECTURE_HUB_STUDENTS="root",
                      LECTURE_HUB_REPO="https://git.example.org/course/backprop-students.git")
    assert run.returncode == 0, run.stderr
    c = json.loads(run.stdout)
    assert (c["authenticator"], c["spawner"]) == ("pam", "localprocess")
    assert c["bind_url"] == "http://127.0.0.1:8000" and c["allowed"] == ["instructors", "root"]
    assert c["proxy"] == [str(ROOT / "deploy" / "node_modules" / ".bin" / "configurable-http-proxy")]
    assert c["limit"] >= 1
    assert c["default_url"] == ("/git-pull?repo=https%3A%2F%2Fgit.example.org%2Fcourse%2Fbackprop-students.git"
                                "&branch=main&urlpath=lab%2Ftree%2Fbackprop-students%2Fnotebooks")
    assert not re.search(r"password", c["config"], flags=re.I), "a password in the loaded configuration"
    assert "Dummy" not in c["config"] and "Simple" not in c["config"]


# --- the Kubernetes values and the measurement -------------------------------------------------------------------
def test_values_guarantees_are_the_projection_of_the_measurement():
    measurement = json.loads(bench_hub.MEASUREMENT.read_text())
    projected = bench_hub.projection(measurement)
    assert measurement["projection"] == projected, "hub_measurement.json: its projection is stale"
    assert sorted(r["students"] for r in measurement["runs"]) == [10, 20, 40]
    single = yaml.safe_load(VALUES.read_text())["singleuser"]
    assert single["memory"]["guarantee"] == projected["memory_guarantee"]
    assert single["cpu"]["guarantee"] == projected["cpu_guarantee"]
    assert max(r["rss_mib"]["max"] for r in measurement["runs"]) < 1024 * float(single["memory"]["limit"][:-1])


def test_values_deploy_no_secret_and_what_a_class_needs():
    values = yaml.safe_load(VALUES.read_text())
    text = VALUES.read_text()
    for line in text.splitlines():  # a secret's name and where it is kept, never its value
        if re.search(r"secret|password|api_token", line, flags=re.I) and not line.lstrip().startswith("#"):
            assert re.fullmatch(r"\s*(OAUTH_CLIENT_SECRET:|secretKeyRef:|name: lecture-hub-oauth|key: client-secret)",
                                line), line
    assert values["hub"]["extraEnv"]["OAUTH_CLIENT_SECRET"]["valueFrom"]["secretKeyRef"]["name"]
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    assert values["singleuser"]["defaultUrl"].startswith("/git-pull?repo=")
    assert "Dummy" not in text and "dummy" not in text


def test_projection_by_hand():
    """Memory: 300 MiB rounds up to 320M, (24 − 2) GiB / 320 MiB = 70.4 → 70. CPU: 0.52 CPU s while dragging 50 moves
    at 0.05 s (2.5 s) is 0.208 cores, up to 0.25; 2 / 0.25 = 8 dragging at once. So 8 a node, 25 nodes for 200 (3 by
    memory alone). Latency: p95 crosses 100 ms between N = 20 (80 ms) and N = 40 (180 ms), at 20 + 20 · 20/100 = 24."""
    runs = [{"students": n, "trip_ms": {"p95": t}, "pss_mib": {"median": m}, "cpu_s": {"drag": c}}
            for n, t, m, c in [(10, 40.0, 290.0, 0.50), (20, 80.0, 300.0, 0.52), (40, 180.0, 295.0, 0.51)]]
    p = bench_hub.projection({"runs": runs, "node": {"cores": 2, "memory_gib": 24, "reserved_gib": 2},
                              "class_size": 200, "p95_target_ms": 100, "moves": 50, "pace_s": 0.05})
    assert (p["memory_guarantee"], p["students_by_memory"], p["cpu_guarantee"], p["students_by_cpu"]) == \
        ("320M", 70, 0.25, 8)
    assert (p["students_per_node"], p["nodes"], p["nodes_by_memory_alone"], p["students_by_latency"]) == (8, 25, 3, 24)


def test_the_proxy_is_pinned_in_one_place():
    manifest = json.loads((ROOT / "deploy" / "package.json").read_text())
    lock = json.loads((ROOT / "deploy" / "package-lock.json").read_text())
    for name, version in manifest["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned to one version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
