"""The lecture on a JupyterHub under load: N simulated students on one hub on 127.0.0.1, as a class would use it.

Each student logs in (the hub's login form), starts a server (JupyterHub's REST API, through the proxy), opens a
kernel on notebook 10 (the weight explorer), runs its code cells, and moves the explorer's ω_43^[3] slider MOVES
times over the widget protocol, as the browser does: a comm_msg `update` of the slider's value, then wait for the
live figure's frame (the kernel's comm_msg with the new point and tangent), answered with the browser's `painted`.
The students drag at once, each at most one move every PACE seconds (a hand dragging a slider; the next move only
after the figure's answer), and log in and start their servers SPAWN_LIMIT at a time (concurrent_spawn_limit).

Measured per N: server start time (the spawn request to the server ready), the slider's round trip (p50, p95),
memory per student (PSS of the student's single-user server and kernel, from /proc/PID/smaps_rollup; RSS beside
it), CPU seconds per student (server and kernel, in all and while dragging), and the hub's and proxy's. From them,
`projection`: the per-student guarantees for deploy/values.yaml, students per 2-core, 24 GB node (the fewer of what
its memory holds and how many its cores let drag at once) and the nodes for a class of 200. The round trips are
measured on this machine as it is: on a shared machine they include the others' load (the table shows the load).

    python benchmarks/bench_hub.py                       # make bench: a quick run with 5 students
    python benchmarks/bench_hub.py --students 10 20 40   # make hub-bench
    python benchmarks/bench_hub.py --students 10 20 40 --save   # also writes deploy/hub_measurement.json

Test-only setup: the dummy authenticator and SimpleLocalProcessSpawner (every student as this user, each with a
home under a temporary folder); the deployable configuration is deploy/jupyterhub_config.py. Needs the proxy from
deploy/package-lock.json (fetched by `npm ci` on first use: Node.js and npm). Everything it starts listens on
127.0.0.1 and is stopped at the end; it writes nothing into the repository unless --save is given.
"""
import argparse
import asyncio
import contextlib
import json
import math
import os
import pathlib
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import uuid

import aiohttp
import numpy as np
import psutil
import yarl

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PROXY = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"
MEASUREMENT = DEPLOY / "hub_measurement.json"
NOTEBOOK = ROOT / "notebooks" / "10_drive_lemma_1.ipynb"
BIN = pathlib.Path(sys.executable).parent  # jupyterhub and jupyterhub-singleuser of this environment

MOVES = 50               # slider moves per student
PACE = 0.05              # seconds between one student's moves: a hand dragging the slider (20 moves a second)
SPAWN_LIMIT = 4          # servers starting at once (JupyterHub's concurrent_spawn_limit; the client keeps to it)
TIMEOUT = 180            # seconds for any one step (a login, a server start, a cell) before the run fails
P95_TARGET_MS = 100      # a slider feels immediate when 95% of its round trips stay below 0.1 s (reported)
NODE = {"cores": 2, "memory_gib": 24, "reserved_gib": 2}  # the node; reserved: system, kubelet, hub pods
CLASS_SIZE = 200
GUARANTEE_STEP_MIB = 64  # memory guarantees rounded up to this
CPU_STEP = 0.05          # CPU guarantees rounded up to this (cores)
RUN_TIMEOUT = 1200       # seconds for one class's whole run
MIB_PER_STUDENT = 450    # memory a student may take here (RSS of server and kernel, rounded up): a run refuses to
                         # start more students than the free memory holds
SLIDER_CODE = "print(explorer.slider.model_id, explorer.view.model_id)"


# --- the hub of the test and the load test -----------------------------------------------------------------------
def ensure_proxy():
    """configurable-http-proxy from deploy/package-lock.json, fetched by `npm ci` unless present and current; its
    path, or None when it is missing and npm is not installed."""
    installed, lock = DEPLOY / "node_modules" / ".package-lock.json", DEPLOY / "package-lock.json"
    if PROXY.exists() and installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return PROXY
    npm = shutil.which("npm")
    if npm is None:
        return None
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=DEPLOY, check=True,
                   timeout=300)
    return PROXY


def free_ports(n):
    """n distinct free TCP ports on 127.0.0.1 (the kernel's choice)."""
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def hub_config(folder, ports, admin_token, spawn_limit=SPAWN_LIMIT):
    """The hub of the test and the load test: everything on 127.0.0.1, state in `folder`, the dummy authenticator
    and SimpleLocalProcessSpawner (never deploy these: anyone may log in as anyone, and no student is isolated)."""
    public, hub, api = ports
    args = ["--ServerApp.allow_root=True"] if os.geteuid() == 0 else []
    config = {
        "JupyterHub": {"bind_url": f"http://127.0.0.1:{public}", "hub_bind_url": f"http://127.0.0.1:{hub}",
                       "authenticator_class": "dummy", "spawner_class": "simple",
                       "concurrent_spawn_limit": spawn_limit, "db_url": f"sqlite:///{folder / 'jupyterhub.sqlite'}",
                       "cookie_secret_file": str(folder / "cookie_secret"), "log_level": "WARN",
                       "services": [{"name": "loadtest", "api_token": admin_token}],
                       "load_roles": [{"name": "loadtest", "services": ["loadtest"],
                                       "scopes": ["admin:users", "admin:servers"]}]},
        "Authenticator": {"allow_all": True},
        "ConfigurableHTTPProxy": {"api_url": f"http://127.0.0.1:{api}", "command": [str(PROXY)],
                                  "pid_file": str(folder / "proxy.pid"), "log_level": "warn"},
        "SimpleLocalProcessSpawner": {"home_dir_template": str(folder / "home" / "{username}")},
        "Spawner": {"cmd": [str(BIN / "jupyterhub-singleuser")], "args": args, "ip": "127.0.0.1",
                    "default_url": "/lab", "start_timeout": TIMEOUT, "http_timeout": TIMEOUT,
                    "environment": {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}},
    }
    return "\n".join(f"c.{section}.{key} = {value!r}" for section, values in config.items()
                     for key, value in values.items()) + "\n"


class Hub:
    """A running hub: its public URL, the process, the admin token of the `loadtest` service, its state folder."""

    def __init__(self, url, process, admin_token, folder):
        self.url, self.process, self.admin_token, self.folder = url, process, admin_token, folder
        self.seen = {}  # PID → psutil.Process of everything it started, gathered while it runs, for the clean-up

    def descendants(self):
        """The hub's process tree below it (the proxy, the servers, their kernels), remembered for the clean-up."""
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            children = []
        for p in children:
            self.seen.setdefault(p.pid, p)
        return children

    def log(self, tail=4000):
        return (self.folder / "hub.log").read_text(errors="replace")[-tail:]


@contextlib.contextmanager
def running_hub(folder, spawn_limit=SPAWN_LIMIT):
    """A hub with its proxy on 127.0.0.1 (free ports), state and log in `folder`, until the block ends; then the hub
    is stopped (it stops the servers and the proxy) and anything of its tree still alive is killed, by PID."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    ports, admin_token = free_ports(3), secrets.token_hex(32)
    (folder / "jupyterhub_config.py").write_text(hub_config(folder, ports, admin_token, spawn_limit))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTERHUB_", "CONFIGPROXY_"))}
    env.pop("MPLBACKEND", None)  # Agg would hide the widgets' figures
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    log = open(folder / "hub.log", "w")
    process = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(folder / "jupyterhub_config.py")], cwd=folder,
                               env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    hub = Hub(f"http://127.0.0.1:{ports[0]}", process, admin_token, folder)
    try:
        wait_for_hub(hub)
        yield hub
    finally:
        hub.descendants()
        stop_hub(hub)
        log.close()


def wait_for_hub(hub, timeout=60):
    import urllib.request
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(f"{hub.url}/hub/api/", timeout=2)
            return
        except OSError:
            if hub.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the hub did not start:\n" + hub.log())
            time.sleep(0.3)


def stop_hub(hub):
    """SIGTERM to the hub (it stops every server and its proxy), then SIGKILL to whatever of its tree survived."""
    if hub.process.poll() is None:
        hub.process.send_signal(signal.SIGTERM)
        try:
            hub.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            hub.process.kill()
            hub.process.wait()
    survivors = [p for p in hub.seen.values() if p.is_running()]  # is_running checks the PID was not reused
    for p in survivors:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.kill()
    psutil.wait_procs(survivors, timeout=10)


# --- one student, over HTTP and the kernel's websocket -----------------------------------------------------------
def code_cells(path=NOTEBOOK):
    """The notebook's code cells' sources, in order."""
    nb = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def widget_cells(path=NOTEBOOK):
    """The code cells up to the one that shows the weight explorer (the setup, the network, the explorer)."""
    cells = code_cells(path)
    end = next(i for i, source in enumerate(cells) if "lu.weight_explorer(" in source)
    return cells[:end + 1]


def unpack(message):
    """A kernel message from the websocket (JSON text, or the binary frame of a message with buffers)."""
    if isinstance(message, str):
        msg = json.loads(message)
        msg["buffers"] = []
        return msg
    n = struct.unpack("!I", message[:4])[0]
    offsets = list(struct.unpack("!" + "I" * n, message[4:4 * (n + 1)])) + [len(message)]
    parts = [message[a:b] for a, b in zip(offsets[:-1], offsets[1:])]
    msg = json.loads(parts[0])
    msg["buffers"] = parts[1:]
    return msg


def frame_points(content, buffers):
    """The moving lines of a live figure's frame, as float32 (x, y) arrays, from a comm_msg update's content."""
    state = content["data"]["state"]
    for path, buffer in zip(content["data"].get("buffer_paths", []), buffers):
        target = state
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = buffer
    lines = state["frame"]["under"] + state["frame"]["over"]
    out = []
    for line in lines:
        xy = np.frombuffer(line["xy"], dtype="<f4")
        out.append((xy[:len(xy) // 2], xy[len(xy) // 2:]))
    return state["frame"]["seq"], out


class Student:
    """One simulated student: logs in, starts a server, drives a kernel, as the browser would."""

    def __init__(self, hub, name, http):
        self.hub, self.name, self.http = hub, name, http
        self.token = self.ws = self.kernel = None
        self.session = uuid.uuid4().hex

    @property
    def headers(self):
        return {"Authorization": f"token {self.token}"}

    async def log_in(self):
        """The hub's login form (with its XSRF token), then an API token requested with the login cookie."""
        url = f"{self.hub.url}/hub/login"
        async with self.http.get(url) as r:
            r.raise_for_status()
        xsrf = self.http.cookie_jar.filter_cookies(yarl.URL(url))["_xsrf"].value
        async with self.http.post(url, data={"username": self.name, "password": secrets.token_hex(8),
                                             "_xsrf": xsrf}, allow_redirects=False) as r:
            if r.status != 302:
                raise RuntimeError(f"{self.name}: login answered {r.status}")
        async with self.http.get(f"{self.hub.url}/hub/home") as r:  # the page after login sets the new XSRF token
            r.raise_for_status()
        xsrf = self.http.cookie_jar.filter_cookies(yarl.URL(url))["_xsrf"].value
        async with self.http.post(f"{self.hub.url}/hub/api/users/{self.name}/tokens",
                                  json={"note": "load test", "expires_in": 3600},
                                  headers={"X-XSRFToken": xsrf}) as r:
            r.raise_for_status()
            self.token = (await r.json())["token"]

    async def start_server(self):
        """Request the server, follow the hub's progress events until it is ready; the seconds it took."""
        start = time.perf_counter()
        async with self.http.post(f"{self.hub.url}/hub/api/users/{self.name}/server", headers=self.headers) as r:
            if r.status not in (201, 202):
                raise RuntimeError(f"{self.name}: spawn answered {r.status}: {await r.text()}")
        async with self.http.get(f"{self.hub.url}/hub/api/users/{self.name}/server/progress",
                                 headers=self.headers) as r:
            async for line in r.content:
                if line.startswith(b"data:"):
                    event = json.loads(line[5:])
                    if event.get("failed"):
                        raise RuntimeError(f"{self.name}: the server failed: {event.get('message')}")
                    if event.get("ready"):
                        break
        return time.perf_counter() - start

    @property
    def server(self):
        return f"{self.hub.url}/user/{self.name}"

    async def open_kernel(self):
        """A new kernel on the server and its websocket (the legacy protocol: JSON text, binary with buffers)."""
        async with self.http.post(f"{self.server}/api/kernels", json={"name": "python3"}, headers=self.headers) as r:
            r.raise_for_status()
            self.kernel = (await r.json())["id"]
        ws_url = f"{self.server}/api/kernels/{self.kernel}/channels?session_id={self.session}"
        self.ws = await self.http.ws_connect(ws_url.replace("http", "ws", 1), headers=self.headers,
                                             max_msg_size=0, timeout=aiohttp.ClientWSTimeout(ws_close=TIMEOUT))
        self.inbox = asyncio.Queue()
        self.reader = asyncio.create_task(self._read())

    async def _read(self):
        """Read the websocket all the time, as a browser does (so that the server's pings are answered while the
        student waits), into the inbox."""
        while True:
            m = await self.ws.receive()
            await self.inbox.put(m)
            if m.type not in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
                return

    def message(self, msg_type, content, channel="shell"):
        return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": self.session,
                           "username": self.name, "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}

    async def send(self, msg):
        await self.ws.send_str(json.dumps({k: v for k, v in msg.items() if k != "buffers"}))

    async def receive(self):
        m = await asyncio.wait_for(self.inbox.get(), TIMEOUT)
        if m.type not in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
            raise RuntimeError(f"{self.name}: the kernel's websocket closed ({m.type})")
        return unpack(m.data)

    async def execute(self, code):
        """Run code in the kernel; its printed text, or an error with the traceback."""
        request = self.message("execute_request", {"code": code, "silent": False, "store_history": True,
                                                   "user_expressions": {}, "allow_stdin": False,
                                                   "stop_on_error": True})
        await self.send(request)
        text, idle, reply = [], False, None
        while not (idle and reply):
            msg = await self.receive()
            if msg["parent_header"].get("msg_id") != request["header"]["msg_id"]:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream":
                text.append(msg["content"]["text"])
            elif kind == "error":
                raise RuntimeError(f"{self.name}: {msg['content']['ename']}: {msg['content']['evalue']}")
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                reply = msg["content"]
        if reply["status"] != "ok":
            raise RuntimeError(f"{self.name}: {reply}")
        return "".join(text)

    async def find_explorer(self):
        """The comm ids of the explorer's ω slider and of its live figure (the variable `explorer`)."""
        self.slider, self.view = (await self.execute(SLIDER_CODE)).split()

    async def move(self, value):
        """Set the slider's value as the browser does; wait for the figure's frame and say it was painted.
        (seconds of the round trip, [(x, y) of each moving line])."""
        update = self.message("comm_msg", {"comm_id": self.slider, "data": {
            "method": "update", "state": {"value": float(value)}, "buffer_paths": []}})
        start = time.perf_counter()
        await self.send(update)
        while True:
            msg = await self.receive()
            if msg["header"]["msg_type"] != "comm_msg" or msg["content"]["comm_id"] != self.view:
                continue
            data = msg["content"]["data"]
            if data.get("method") == "update" and "frame" in data.get("state", {}):
                elapsed = time.perf_counter() - start
                seq, lines = frame_points(msg["content"], msg["buffers"])
                break
        await self.send(self.message("comm_msg", {"comm_id": self.view, "data": {
            "method": "custom", "content": {"painted": seq}}}))
        return elapsed, lines

    async def stop_server(self):
        if self.ws is not None:
            await self.ws.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.reader, 10)
        async with self.http.delete(f"{self.hub.url}/hub/api/users/{self.name}/server", headers=self.headers):
            pass


def slider_values(moves=MOVES):
    """The values a student drags ω_43^[3] through: across the explorer's range (−2.6..2.6 around ω), and back."""
    return np.round(np.concatenate([np.linspace(-2.0, 2.0, (moves + 1) // 2),
                                    np.linspace(2.0, -2.0, moves // 2 + 1)[1:]]), 2)[:moves]


# --- what the processes use ----------------------------------------------------------------------------------------
def memory_of(process):
    """(PSS, RSS) of one process in bytes, from /proc/PID/smaps_rollup."""
    pss = rss = 0
    with open(f"/proc/{process.pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
            elif line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
    return pss, rss


def processes_by_student(hub):
    """The single-user servers and kernels below the hub, grouped by the student (JUPYTERHUB_USER); the rest
    (the proxy) under None."""
    groups = {}
    for p in hub.descendants():
        try:
            user = p.environ().get("JUPYTERHUB_USER")
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        groups.setdefault(user, []).append(p)
    return groups


def cpu_seconds(processes):
    total = 0.0
    for p in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            t = p.cpu_times()
            total += t.user + t.system
    return total


def usage(hub):
    """{student: (PSS, RSS, CPU seconds)} of each student's server and kernel, and the hub's and proxy's CPU seconds."""
    out = {}
    for user, processes in processes_by_student(hub).items():
        if user is None:
            continue
        mem = np.sum([memory_of(p) for p in processes], axis=0)
        out[user] = (int(mem[0]), int(mem[1]), cpu_seconds(processes))
    hub_cpu = cpu_seconds([psutil.Process(hub.process.pid)] + processes_by_student(hub).get(None, []))
    return out, hub_cpu


# --- the run ---------------------------------------------------------------------------------------------------------
async def class_session(hub, n, moves=MOVES, pace=PACE):
    """n students log in, start their servers (SPAWN_LIMIT at a time) and run notebook 10's code cells; then all
    drag the slider at once. The figures of the run, and every round trip."""
    cells = code_cells()
    gate = asyncio.Semaphore(SPAWN_LIMIT)
    starts, cell_seconds, trips = [], [], []
    sessions = [aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                      timeout=aiohttp.ClientTimeout(total=None, sock_read=TIMEOUT))
                for _ in range(n)]
    students = [Student(hub, f"student{i + 1:02d}", s) for i, s in enumerate(sessions)]
    ready = asyncio.Event()
    arrived = 0

    async def prepare(student):
        nonlocal arrived
        async with gate:
            await student.log_in()
            starts.append(await student.start_server())
        await student.open_kernel()
        t = time.perf_counter()
        for source in cells:
            await student.execute(source)
        cell_seconds.append(time.perf_counter() - t)
        await student.find_explorer()
        arrived += 1
        if arrived == n:
            ready.set()
        await ready.wait()

    async def drag(student):
        for value in slider_values(moves):
            t = time.perf_counter()
            trips.append((await student.move(value))[0])
            await asyncio.sleep(max(0.0, pace - (time.perf_counter() - t)))

    try:
        t0 = time.perf_counter()
        await asyncio.gather(*(prepare(s) for s in students))
        prepared = time.perf_counter() - t0
        before, hub_before = usage(hub)
        t1 = time.perf_counter()
        await asyncio.gather(*(drag(s) for s in students))
        dragging = time.perf_counter() - t1
        after, hub_after = usage(hub)
    finally:
        for s in students:
            with contextlib.suppress(Exception):
                await s.stop_server()
        for s in sessions:
            await s.close()
    pss = [after[u][0] for u in after]
    rss = [after[u][1] for u in after]
    cpu_drag = [after[u][2] - before[u][2] for u in after]
    return {"students": n, "start_s": {"p50": float(np.median(starts)), "max": float(np.max(starts))},
            "cells_s": float(np.median(cell_seconds)), "prepare_s": prepared,
            "trip_ms": {"p50": 1e3 * float(np.percentile(trips, 50)), "p95": 1e3 * float(np.percentile(trips, 95))},
            "round_trips": len(trips), "drag_s": dragging,
            "pss_mib": {"median": float(np.median(pss)) / 2**20, "max": float(np.max(pss)) / 2**20},
            "rss_mib": {"median": float(np.median(rss)) / 2**20, "max": float(np.max(rss)) / 2**20},
            "cpu_s": {"total": float(np.median([after[u][2] for u in after])), "drag": float(np.median(cpu_drag)),
                      "drag_cores": float(np.sum(cpu_drag)) / dragging},
            "hub_cpu_s": hub_after, "measured": len(after)}


def run(n, folder):
    """One class of n students on a hub of its own; the whole run bounded by RUN_TIMEOUT."""
    available = psutil.virtual_memory().available / 2**20
    if available < n * MIB_PER_STUDENT:
        sys.exit(f"bench_hub: {n} students need about {n * MIB_PER_STUDENT:,} MiB, and {available:,.0f} MiB are free")
    with running_hub(folder) as hub:
        return asyncio.run(asyncio.wait_for(class_session(hub, n), RUN_TIMEOUT))


# --- from the measurement to a class ---------------------------------------------------------------------------------
def students_by_latency(runs, target=P95_TARGET_MS):
    """How many students can drag at once with p95 round trip ≤ target: linear in N between measured runs; past the
    largest N measured, not extrapolated (that N); below the smallest, scaled down from it in proportion."""
    runs = sorted(runs, key=lambda r: r["students"])
    n = [r["students"] for r in runs]
    p95 = [r["trip_ms"]["p95"] for r in runs]
    if p95[0] > target:
        return n[0] * target / p95[0]
    for (n0, t0), (n1, t1) in zip(zip(n, p95), zip(n[1:], p95[1:])):
        if t1 > target:
            return n0 + (n1 - n0) * (target - t0) / (t1 - t0)
    return float(n[-1])


def projection(measurement):
    """From a measurement (the runs per N): the per-student guarantees, students per node and nodes for the class.

    memory guarantee = the largest median PSS per student over the runs, rounded up to GUARANTEE_STEP_MIB;
    CPU guarantee = what one student dragging at the pace uses: the largest median CPU seconds of a student's
        server and kernel while dragging, over the MOVES × PACE seconds the drag takes at the pace, rounded up to
        CPU_STEP (CPU seconds do not depend on how long others make a student wait, so this holds on a shared
        machine too);
    students per node = min(floor((memory − reserved) / memory guarantee), floor(cores / CPU guarantee)): every
        student may drag at once (the lecturer says "now move the slider");
    nodes = ceil(class size / students per node).
    The round trips are reported beside it (students_by_latency: how many dragged with p95 ≤ the target here)."""
    runs, node = measurement["runs"], measurement["node"]
    memory = GUARANTEE_STEP_MIB * math.ceil(max(r["pss_mib"]["median"] for r in runs) / GUARANTEE_STEP_MIB)
    demand = max(r["cpu_s"]["drag"] for r in runs) / (measurement["moves"] * measurement["pace_s"])
    cpu = round(CPU_STEP * math.ceil(round(demand / CPU_STEP, 6)), 2)
    by_memory = int((node["memory_gib"] - node["reserved_gib"]) * 1024 // memory)
    by_cpu = int(node["cores"] // cpu)
    per_node = max(1, min(by_memory, by_cpu))
    return {"memory_guarantee": f"{memory}M", "cpu_guarantee": cpu, "students_by_memory": by_memory,
            "students_by_cpu": by_cpu, "students_per_node": per_node,
            "nodes": math.ceil(measurement["class_size"] / per_node),
            "nodes_by_memory_alone": math.ceil(measurement["class_size"] / by_memory),
            "students_by_latency": int(students_by_latency(runs, measurement["p95_target_ms"])),
            "class_size": measurement["class_size"]}


HEADER = (f"{'N':>4} {'start p50/max s':>16} {'cells s':>8} {'trip p50 ms':>12} {'trip p95 ms':>12} {'PSS MiB':>8} "
          f"{'RSS MiB':>8} {'CPU s/student':>17} {'cores dragging':>15} {'hub+proxy CPU s':>16} {'load':>5}")


def row(r):
    """One run as a line of the table."""
    return (f"{r['students']:>4} {r['start_s']['p50']:>8.1f}/{r['start_s']['max']:<7.1f} {r['cells_s']:>8.1f} "
            f"{r['trip_ms']['p50']:>12.1f} {r['trip_ms']['p95']:>12.1f} {r['pss_mib']['median']:>8.0f} "
            f"{r['rss_mib']['median']:>8.0f} {r['cpu_s']['total']:>6.1f} ({r['cpu_s']['drag']:.1f} drag) "
            f"{r['cpu_s']['drag_cores']:>15.2f} {r['hub_cpu_s']:>16.1f} {r['load_before']:>5.1f}")


def summary(measurement):
    """The projection in words."""
    p, node = projection(measurement), measurement["node"]
    return (f"per student: {p['memory_guarantee']} memory (median PSS of server + kernel, rounded up), "
            f"{p['cpu_guarantee']} CPU (server + kernel while dragging, one move every {measurement['pace_s']} s)\n"
            f"students per {node['cores']}-core/{node['memory_gib']} GB node: {p['students_per_node']} "
            f"(the memory holds {p['students_by_memory']} with {node['reserved_gib']} GB reserved; the cores "
            f"{p['students_by_cpu']} dragging at once; here {p['students_by_latency']} dragged at once with p95 ≤ "
            f"{measurement['p95_target_ms']} ms)\n"
            f"a class of {p['class_size']}: {p['nodes']} nodes if all may drag at once "
            f"({p['nodes_by_memory_alone']} by memory alone)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[5], help="the class sizes to run (default 5)")
    parser.add_argument("--save", action="store_true", help=f"write the measurement to {MEASUREMENT.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    if ensure_proxy() is None:
        sys.exit("bench_hub: needs configurable-http-proxy from deploy/package-lock.json: install Node.js and npm")
    print(f"notebook 10 over a hub on 127.0.0.1: {MOVES} slider moves per student, at most one every "
          f"{PACE * 1e3:.0f} ms, all students at once; {SPAWN_LIMIT} servers starting at once; this machine: "
          f"{os.cpu_count()} cores (load: the 1-minute load average before each run; the machine may be shared)")
    print(HEADER, flush=True)
    runs = []
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as tmp:
        for n in args.students:
            load = os.getloadavg()[0]
            runs.append(run(n, pathlib.Path(tmp) / f"n{n}") | {"load_before": round(load, 2)})
            print(row(runs[-1]), flush=True)
    measurement = {"runs": runs, "node": NODE, "class_size": CLASS_SIZE, "p95_target_ms": P95_TARGET_MS,
                   "moves": MOVES, "pace_s": PACE, "spawn_limit": SPAWN_LIMIT,
                   "machine": {"cores": os.cpu_count(), "memory_gib": round(psutil.virtual_memory().total / 2**30)}}
    print(summary(measurement))
    if args.save:
        measurement["projection"] = projection(measurement)
        MEASUREMENT.write_text(json.dumps(measurement, indent=1) + "\n")
        print(f"saved {MEASUREMENT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
