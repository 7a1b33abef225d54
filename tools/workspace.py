"""Copy the lecture notebooks (and their slide style, rise.css) into a student's workspace without ever overwriting the student's own changes.

Usage: python3 tools/workspace.py [SOURCE [TARGET]]   (defaults: notebooks workspace)

A notebook missing from the workspace is copied in. A workspace notebook the student has not changed since it was
copied (its hash is the one recorded in TARGET/.lecture-copies.json) is brought up to date with the lecture. A
notebook the student has changed is left exactly as it is, and the report says where the lecture's version is.
Only the standard library is used, so this runs before any environment exists.
"""
import hashlib
import json
import pathlib
import shutil
import sys

MANIFEST = ".lecture-copies.json"


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sync(source, target):
    """Bring `target` up to date with the notebooks of `source`; return one line per notebook saying what happened."""
    source, target = pathlib.Path(source), pathlib.Path(target)
    target.mkdir(parents=True, exist_ok=True)
    manifest_path = target / MANIFEST
    copied = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    report = []
    for lecture in sorted(source.glob("*.ipynb")) + sorted(source.glob("rise.css")):
        mine = target / lecture.name
        if not mine.exists():
            action = "copied"
        elif _digest(mine) == _digest(lecture):
            action = "up to date"
        elif copied.get(lecture.name) == _digest(mine):
            action = "updated"
        else:
            report.append(f"kept     {lecture.name}: you changed it; the lecture's version is {lecture}")
            continue
        if action != "up to date":
            shutil.copyfile(lecture, mine)
        copied[lecture.name] = _digest(mine)
        report.append(f"{action:<8} {lecture.name}")
    manifest_path.write_text(json.dumps(copied, indent=1, sort_keys=True) + "\n")
    return report


if __name__ == "__main__":
    args = sys.argv[1:] + ["notebooks", "workspace"][len(sys.argv[1:]):]
    for line in sync(args[0], args[1]):
        print(line)
