"""JupyterHub for the lecture series on one machine: the class logs in with real accounts (PAM), each student's
server runs as that student (LocalProcessSpawner) from the environment the hub runs in, behind
configurable-http-proxy from deploy/package-lock.json (`npm ci` in deploy/).

Why PAM: every student is a Unix account of the group `students` (instructors: `instructors`, the hub's admins), so
students cannot read or change each other's work (graded exercises stay theirs), and no password is in any file of
the hub. A shared password (SharedPasswordAuthenticator) would let anyone who has it log in as any student.

The lecture's checkout and its environment must be readable by the students (under /opt, say, not a home).
Run the hub as root (it starts servers as the students), from the folder that keeps its state (database, cookie
secret):

    cd /srv/jupyterhub && /path/to/.venv/bin/jupyterhub -f /path/to/deploy/jupyterhub_config.py

It refuses to start when the group `students` is missing or empty, or when an account that may log in has an empty
password (Debian's PAM accepts an empty one: `nullok`). Environment (all optional):
    LECTURE_HUB_STUDENTS, LECTURE_HUB_INSTRUCTORS   the two groups' names (default students, instructors)
    LECTURE_HUB_URL        where the hub listens (default http://127.0.0.1:8000, behind a TLS reverse proxy)
    LECTURE_HUB_SSL_CERT, LECTURE_HUB_SSL_KEY       serve HTTPS itself instead (then LECTURE_HUB_URL=https://:443)
    LECTURE_HUB_REPO       the students' repository (no solutions): each login pulls it with nbgitpuller
    LECTURE_HUB_SHADOW     the shadow file to check (default /etc/shadow)
"""
import grp
import json
import os
import pathlib
import pwd
import sys
from urllib.parse import quote

HERE = pathlib.Path(__file__).resolve().parent
STUDENTS = os.environ.get("LECTURE_HUB_STUDENTS", "students")
INSTRUCTORS = os.environ.get("LECTURE_HUB_INSTRUCTORS", "instructors")
SHADOW = pathlib.Path(os.environ.get("LECTURE_HUB_SHADOW", "/etc/shadow"))
MEASURED = json.loads((HERE / "hub_measurement.json").read_text())["projection"]  # benchmarks/bench_hub.py --save


def refuse(why):
    raise SystemExit(f"deploy/jupyterhub_config.py: {why}")


def members(group):
    """The accounts in a Unix group (named members and those whose primary group it is); None if no such group."""
    try:
        g = grp.getgrnam(group)
    except KeyError:
        return None
    return sorted(set(g.gr_mem) | {p.pw_name for p in pwd.getpwall() if p.pw_gid == g.gr_gid})


def without_password(names):
    """The local accounts among `names` whose password field is empty: PAM (with nullok) lets anyone in."""
    try:
        lines = SHADOW.read_text().splitlines()
    except OSError as e:
        refuse(f"cannot read {SHADOW} ({e.strerror}): run the hub as root (it starts each student's server as the "
               "student)")
    fields = dict(line.split(":")[:2] for line in lines if line.count(":") >= 1)
    return [name for name in names if fields.get(name) == ""]


students, instructors = members(STUDENTS), members(INSTRUCTORS) or []
if not students:
    refuse(f"no accounts in the group '{STUDENTS}': create them with a password each, from a file of "
           f"name:password lines that you write (`newusers`, then `usermod -aG {STUDENTS} NAME`)")
empty = without_password(students + instructors)
if empty:
    refuse(f"these accounts have an empty password, so anyone could log in as them: {', '.join(empty)}; "
           "set one (`chpasswd`) or lock the account (`passwd -l`)")

c = get_config()  # noqa: F821 (JupyterHub's config loader provides it)

# Who logs in: the class's accounts, with their own passwords; instructors are the hub's admins.
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {STUDENTS, INSTRUCTORS}
c.PAMAuthenticator.admin_groups = {INSTRUCTORS}

# Where it listens: loopback unless told (put a TLS reverse proxy in front), or HTTPS itself.
c.JupyterHub.bind_url = os.environ.get("LECTURE_HUB_URL", "http://127.0.0.1:8000")
if os.environ.get("LECTURE_HUB_SSL_CERT"):
    c.JupyterHub.ssl_cert = os.environ["LECTURE_HUB_SSL_CERT"]
    c.JupyterHub.ssl_key = os.environ["LECTURE_HUB_SSL_KEY"]
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]

# Each student's server: JupyterLab from this environment, as the student, in the student's home.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(pathlib.Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.environment = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}  # one core's share each
c.Spawner.default_url = "/lab"
if os.environ.get("LECTURE_HUB_REPO"):  # the series arrives in each home, and every later login merges updates
    repo = os.environ["LECTURE_HUB_REPO"].rstrip("/")
    name = repo.rsplit("/", 1)[-1].removesuffix(".git")
    c.Spawner.default_url = (f"/git-pull?repo={quote(repo, safe='')}&branch=main"
                             f"&urlpath={quote(f'lab/tree/{name}/notebooks', safe='')}")
# Idle servers and kernels stop themselves (the culler of one machine): a kernel after 30 minutes idle, a server
# an hour after its last activity.
c.Spawner.args = ["--MappingKernelManager.cull_idle_timeout=1800", "--MappingKernelManager.cull_interval=300",
                  "--ServerApp.shutdown_no_activity_timeout=3600"]

# As many servers as this machine holds by the load test (benchmarks/bench_hub.py), started a few at a time.
_memory_mib = int(MEASURED["memory_guarantee"].rstrip("M"))
_total_mib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
c.JupyterHub.active_server_limit = max(1, min((_total_mib - 2048) // _memory_mib,
                                              int(os.cpu_count() / MEASURED["cpu_guarantee"])))
c.JupyterHub.concurrent_spawn_limit = 4
