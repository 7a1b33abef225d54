"""Run strict nbval over every notebook as other machines would: other OpenBLAS kernels, numpy SIMD levels and
BLAS thread counts, simulated on this one. A saved output that differs under any of them depends on the CPU.

Usage: python tools/machines.py [--jobs 2] [NAME ...]      (no NAME: every configuration but "default")
       python tools/machines.py --regenerate [NAME ...]   re-execute every notebook under each configuration (as
                                                          `make notebooks` does) and compare what it would save: text
                                                          to the byte, figures to the pixel up to anti-aliasing
       python tools/machines.py --list

Each configuration only lowers what this machine can do (older kernels, fewer SIMD extensions), so every one of
them runs on any x86-64 CPU with AVX2; on another architecture the x86 names mean nothing and only "default" runs.
"""
import argparse
import base64
import io
import json
import os
import pathlib
import platform
import re
import subprocess
import sys
import tempfile
import shutil
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]

# numpy's dispatched SIMD groups above its x86-64-v2 baseline; each must be named to be disabled (disabling
# X86_V3 leaves X86_V4 on). Naming one the CPU lacks is harmless.
_ABOVE_V3 = "X86_V4 AVX512_ICL AVX512_SPR"
_ABOVE_V2 = "X86_V3 " + _ABOVE_V3

CONFIGURATIONS = {
    "default": {},
    # An AVX2 machine without AVX-512 (AMD Zen 2/3, Intel before Skylake-X), two BLAS threads.
    "zen-avx2": {"OPENBLAS_CORETYPE": "Zen", "NPY_DISABLE_CPU_FEATURES": _ABOVE_V3, "OPENBLAS_NUM_THREADS": "2"},
    # The x86-64-v2 baseline: SSE4.2 kernels only, numpy without AVX, one BLAS thread.
    "nehalem-sse": {"OPENBLAS_CORETYPE": "Nehalem", "NPY_DISABLE_CPU_FEATURES": _ABOVE_V2,
                    "OPENBLAS_NUM_THREADS": "1"},
    # AVX without FMA (Sandy Bridge), numpy at AVX2 without AVX-512, one BLAS thread.
    "sandybridge-avx": {"OPENBLAS_CORETYPE": "Sandybridge", "NPY_DISABLE_CPU_FEATURES": _ABOVE_V3,
                        "OPENBLAS_NUM_THREADS": "1"},
    # Haswell's AVX2 kernels with numpy at its SSE baseline, two BLAS threads.
    "haswell-sse": {"OPENBLAS_CORETYPE": "Haswell", "NPY_DISABLE_CPU_FEATURES": _ABOVE_V2,
                    "OPENBLAS_NUM_THREADS": "2"},
    # The oldest kernels OpenBLAS has for x86-64 (SSE3), numpy at AVX-512 where the CPU has it, one thread.
    "prescott": {"OPENBLAS_CORETYPE": "Prescott", "OPENBLAS_NUM_THREADS": "1"},
}
# What .ci/run checks beside the default: two configurations that differ from it, and from each other, in BLAS
# kernel, SIMD level and thread count.
CI = ["zen-avx2", "nehalem-sse"]


def environment(name):
    """This process's environment with the configuration `name` applied (OpenBLAS's tuning variables cleared)."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
                                                            "NPY_DISABLE_CPU_FEATURES", "OPENBLAS_NUM_THREADS")}
    env.update(CONFIGURATIONS[name])
    env["PYTHONHASHSEED"] = "0"
    env.pop("MPLBACKEND", None)  # as tools/execute_notebooks.py: the notebooks choose their own backend
    return env


# The CPU flag (as /proc/cpuinfo names it) that a configuration's OpenBLAS kernel executes.
NEEDS = {"zen-avx2": "avx2", "haswell-sse": "avx2", "sandybridge-avx": "avx", "nehalem-sse": "sse4_2",
         "prescott": "pni"}


def available(name):
    """Whether this machine can run the configuration `name`: the x86 ones need an x86-64 CPU, and a kernel may
    only be chosen where the CPU executes its instructions (OpenBLAS would stop on an illegal instruction)."""
    if name == "default":
        return True
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return False
    try:
        flags = set(re.search(r"^flags\s*:(.*)$", pathlib.Path("/proc/cpuinfo").read_text(), re.M).group(1).split())
    except (OSError, AttributeError):
        return name not in NEEDS
    return NEEDS.get(name, "sse2") in flags


def run(name, paths, log_dir):
    """Strict nbval over `paths` under the configuration `name`; returns (name, passed, summary line, seconds)."""
    log = pathlib.Path(log_dir) / f"{name}.log"
    start = time.perf_counter()
    command = [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "--nbval-sanitize-with",
               "tests/nbval_sanitize.cfg", "-p", "no:cacheprovider", "--color=no", "-q", "-rf", *paths]
    with open(log, "w") as out:
        status = subprocess.call(command, cwd=ROOT, env=environment(name), stdout=out, stderr=subprocess.STDOUT)
    text = log.read_text()
    summary = next((line.strip("= ") for line in reversed(text.splitlines()) if re.search(r"\d+ (passed|failed)",
                                                                                          line)), "no summary")
    return name, status == 0, summary, time.perf_counter() - start, text


#: A cell with this tag draws the machine's own rounding (for example errors of 1e-16 against a step size): its
#: figure differs between CPUs by design, and --regenerate reports it without failing.
ROUNDING_FIGURE = "figure-of-rounding"
#: A cell with this tag reports a timing (said coarsely, "at least 10 times as fast"); nbval does not compare its
#: output, and neither does --regenerate: a loaded machine may say it otherwise on any run.
TIMED = "nbval-ignore-output"


def same_picture(png_a, png_b):
    """Whether two base64 PNGs show the same picture: the same bytes, or pixels that differ only as anti-aliasing
    does when a line moves by a small fraction of a pixel (by at most 16 of 255 in any channel; a line moved by a
    tenth of a pixel changes its edge by more)."""
    if png_a == png_b:
        return True
    from PIL import Image  # matplotlib's own dependency
    a, b = (np.asarray(Image.open(io.BytesIO(base64.b64decode(png)))).astype(int) for png in (png_a, png_b))
    if a.shape != b.shape:
        return False
    difference = np.abs(a - b).max(axis=-1)
    return difference.max() <= 16


def differing_parts(a, b):
    """What differs between two versions of one cell: the MIME types of its outputs (stream text as 'stream'), their
    metadata (a figure's alt text), or 'source/metadata'; a figure that differs only by anti-aliasing (same_picture)
    does not count."""
    parts = set()
    outputs_a, outputs_b = a.get("outputs", []), b.get("outputs", [])
    if len(outputs_a) != len(outputs_b):
        parts.add("the number of outputs")
    for x, y in zip(outputs_a, outputs_b):
        if x.get("text") != y.get("text"):
            parts.add("stream")
        for kind in set(x.get("data", {})) | set(y.get("data", {})):
            u, w = x.get("data", {}).get(kind), y.get("data", {}).get(kind)
            if u != w and not (kind == "image/png" and u and w and same_picture(u, w)):
                parts.add(kind)
        if x.get("metadata", {}) != y.get("metadata", {}):
            parts.add("output metadata")  # a figure's alt text says its numbers: they must not depend on the CPU
    if not parts and {k: v for k, v in a.items() if k != "outputs"} != {k: v for k, v in b.items() if k != "outputs"}:
        parts.add("source/metadata")
    return sorted(parts)


def excused(parts, tags):
    """Why a cell whose `parts` differ may differ, by its tags (None when it may not): a figure of the machine's
    rounding, or a timing."""
    if parts == ["image/png"] and ROUNDING_FIGURE in tags:
        return f"draws this machine's rounding ({ROUNDING_FIGURE}); its figure differs, as it should"
    if parts and TIMED in tags:
        return f"reports a timing ({TIMED}); its output may differ from run to run on any machine"
    return None


def regenerate(name, paths, work_dir):
    """Execute copies of the notebooks `paths` under the configuration `name` with tools/execute_notebooks.py, and
    compare what it saves with the committed files: returns (name, [differences]), one line per differing cell."""
    copies = pathlib.Path(work_dir) / name
    shutil.copytree(ROOT / "notebooks", copies / "notebooks")
    targets = [str(copies / pathlib.Path(p).resolve().relative_to(ROOT)) for p in paths]
    subprocess.run([sys.executable, str(ROOT / "tools" / "execute_notebooks.py"), *targets], cwd=copies,
                   env=environment(name), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    differences = []
    for path, target in zip(paths, targets):
        committed, regenerated = (json.loads(pathlib.Path(f).read_text(encoding="utf-8"))["cells"]
                                  for f in (ROOT / path, target))
        for n, (a, b) in enumerate(zip(committed, regenerated)):
            parts = differing_parts(a, b) if a != b else []
            reason = excused(parts, a.get("metadata", {}).get("tags", []))
            if reason:
                print(f"machines: {name}: {path} cell {n} {reason}")
            elif parts:
                differences.append(f"{path} cell {n}: {', '.join(parts)} differs")
    return name, differences


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="configurations to run (default: all but 'default')")
    parser.add_argument("--jobs", type=int, default=2, help="configurations run at once (default 2, one per core)")
    parser.add_argument("--paths", nargs="+", default=["notebooks"], help="notebooks or folders to check")
    parser.add_argument("--list", action="store_true", help="print the configurations and exit")
    parser.add_argument("--regenerate", action="store_true",
                        help="re-execute the notebooks under each configuration and compare the bytes they save")
    args = parser.parse_args(argv)
    if args.list:
        for name, env in CONFIGURATIONS.items():
            print(f"{name:16s} {' '.join(f'{k}={v!r}' for k, v in env.items()) or '(this machine as it is)'}")
        return 0
    names = args.names or [n for n in CONFIGURATIONS if n != "default"]
    unknown = [n for n in names if n not in CONFIGURATIONS]
    if unknown:
        parser.error(f"unknown configuration(s) {unknown}; choose from {list(CONFIGURATIONS)}")
    skipped = [n for n in names if not available(n)]
    for n in skipped:
        print(f"machines: {n} needs an x86-64 CPU with {NEEDS.get(n, 'sse2')}; skipped on this one")
    names = [n for n in names if n not in skipped]
    if args.regenerate:
        paths = sorted(str(p.relative_to(ROOT)) for folder in args.paths
                       for p in (ROOT / folder).glob("**/[0-9][0-9]_*.ipynb")
                       if not any(part.startswith(".") for part in p.relative_to(ROOT).parts))  # no checkpoints
        with tempfile.TemporaryDirectory() as work_dir, ThreadPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(lambda n: regenerate(n, paths, work_dir), names))
        for name, differences in results:
            print(f"machines: {name:16s} {len(paths)} notebooks re-executed: "
                  f"{'the same outputs as committed' if not differences else f'{len(differences)} cells differ'}")
            print("\n".join(f"    {line}" for line in differences), end="\n" if differences else "")
        return 1 if any(differences for _, differences in results) else 0
    failed = []
    with tempfile.TemporaryDirectory() as log_dir, ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for name, passed, summary, seconds, text in pool.map(lambda n: run(n, args.paths, log_dir), names):
            print(f"machines: {name:16s} {'passed' if passed else 'FAILED'}: {summary} ({seconds:.0f} s)")
            if not passed:
                failed.append(name)
                failures = [line for line in text.splitlines() if line.startswith("FAILED")]
                print("\n".join(f"    {line}" for line in failures) or text[-4000:])
    if failed:
        print(f"machines: saved outputs differ under {', '.join(failed)}: they depend on the CPU")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
