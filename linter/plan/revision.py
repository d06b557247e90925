"""Reading a tracking plan as it was at a git revision, or from in-memory files.

CI compares the plan of a pull request with the plan of its base branch
(``tracklint plan diff --base origin/main``).  A checkout would disturb the
working tree, and git's object database already holds every file, so the plan
is read with ``git ls-tree`` and ``git cat-file``: no checkout, no network.

The files then go through the plan loader's own functions (safe YAML reading,
the format check, the directory merge, the model), so a plan read from git is
checked exactly like one on disk, and its positions read
``origin/main:plan/events/a.yaml:12:5``.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from linter.diagnostics import TracklintError
from linter.plan.loader import empty_plan_directory, load_documents, load_plan
from linter.plan.model import Plan
from linter.plan.source import MAX_FILE_BYTES, plan_files
from linter.rules import RULES

PLAN_SUFFIXES = (".yaml", ".yml", ".json")
GIT_TIMEOUT = 120
# Regular files only: a symbolic link's blob is its target's name, not a plan.
_FILE_MODES = frozenset({"100644", "100755"})


@dataclass(frozen=True, slots=True)
class PlanSource:
    """Where a plan is: a path in the working tree, or a path at a git revision.

    With a ``revision``, ``path`` is relative to the repository's top folder
    (as in ``git show REV:path``); without, it is an ordinary file-system path.
    """

    path: str
    revision: str | None = None

    @property
    def label(self) -> str:
        return self.path if self.revision is None else f"{self.revision}:{self.path}"


def load_plan_source(source: PlanSource, cwd: Path | None = None) -> Plan:
    """Load a plan from the working tree or from git, whichever ``source`` names."""
    if source.revision is None:
        return load_plan(source.path)
    return load_plan_at(source.revision, source.path, cwd)


# -- loading from memory -------------------------------------------------------------


def load_plan_texts(files: Mapping[str, str | bytes], prefix: str = "", *,
                    directory: bool = True) -> Plan:
    """Load a plan from in-memory files: relative POSIX path -> content.

    The files are merged like a plan directory (same file filter, same order) and
    located as ``prefix + relative path``.  With ``directory=False`` there is
    exactly one file, loaded whatever its name, as ``load_plan(file)`` would.
    """
    with tempfile.TemporaryDirectory(prefix="tracklint-plan-") as temporary:
        root = Path(temporary) / "plan"
        root.mkdir()
        for relative, content in files.items():
            target = _inside(root, relative)
            data = content.encode("utf-8") if isinstance(content, str) else content
            target.write_bytes(data)
        return _load_copy(root, prefix, directory)


def _inside(root: Path, relative: str) -> Path:
    """``root / relative``, refusing names that would leave ``root`` (they come from git)."""
    parts = PurePosixPath(relative).parts
    if not parts or any(part in ("", ".", "..") for part in parts) or relative.startswith("/"):
        raise TracklintError(f"{relative}: not a safe relative path for a plan file",
                             [RULES["TL001"].diagnostic(path=relative,
                                         message="not a safe relative path for a plan file")])
    target = root.joinpath(*parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _load_copy(root: Path, prefix: str, directory: bool) -> Plan:
    """Load plan files copied under ``root``, reporting them as ``prefix + relative path``."""
    if directory:
        copies = [(file, prefix + file.relative_to(root).as_posix()) for file in plan_files(root)]
    else:
        copies = [(file, prefix + file.relative_to(root).as_posix())
                  for file in sorted(root.rglob("*")) if file.is_file()][:1]
    if not copies:
        raise empty_plan_directory(prefix.rstrip("/") or "the plan")
    return load_documents(copies)


# -- loading from git ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Blob:
    path: str  # relative to the plan directory (the file's name for a single-file plan)
    oid: str
    size: int


class PlanNotAtRevision(TracklintError):
    """The revision exists, but holds no file or directory at the plan's path.

    ``plan diff --base`` on the pull request that adds the plan meets this: the
    caller may compare with an empty plan instead.
    """


def load_plan_at(revision: str, path: str, cwd: Path | None = None) -> Plan:
    """Load the plan stored at ``path`` (relative to the repository top) in ``revision``."""
    where = cwd or Path.cwd()
    path = posixpath.normpath(path) if path not in ("", ".") else ""
    label = f"{revision}:{path}"
    commit = _commit(revision, where)
    spec = f"{commit}:{path}"
    found = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", spec], where,
                 check=False)
    if found.returncode != 0:
        message = f"no such plan file or directory at {revision}"
        hint = "check the path; it is relative to the repository's top folder"
        raise PlanNotAtRevision(f"{label}: {message}", [RULES["TL001"].diagnostic(
            path=label, message=message, hint=hint)])
    oid = found.stdout.decode().strip()
    kind, size = _object_info(oid, where)
    if kind == "blob":
        blobs = [_Blob(posixpath.basename(path), oid, size)]
    elif kind == "tree":
        blobs = list(_tree_blobs(oid, where))
    else:
        raise _git_error(label, f"not a plan file or directory at {revision} ({kind})")
    with tempfile.TemporaryDirectory(prefix="tracklint-plan-") as temporary:
        root = Path(temporary) / "plan"
        root.mkdir()
        _write_blobs(root, blobs, where)
        if kind == "blob":
            parent = posixpath.dirname(path)
            return _load_copy(root, f"{revision}:{parent}/" if parent else f"{revision}:",
                              directory=False)
        return _load_copy(root, f"{label}/" if path else label, directory=True)


def is_revision(text: str, cwd: Path | None = None) -> bool:
    """Whether ``text`` names a commit of the repository around ``cwd``."""
    if not text or text.startswith("-"):
        return False
    try:
        result = _git(["rev-parse", "--verify", "--quiet", "--end-of-options",
                       f"{text}^{{commit}}"], cwd or Path.cwd(), check=False)
    except TracklintError:
        return False
    return result.returncode == 0


def repository_path(path: str | Path, cwd: Path | None = None) -> str:
    """A working-tree path (relative to ``cwd``, or absolute) as git names it at a revision."""
    where = cwd or Path.cwd()
    prefix = _git(["rev-parse", "--show-prefix"], where).stdout.decode().strip()
    relative = os.path.relpath(Path(path), where) if Path(path).is_absolute() else str(path)
    joined = posixpath.normpath(posixpath.join(prefix, Path(relative).as_posix()))
    if joined == ".." or joined.startswith("../"):
        raise TracklintError(f"{path}: outside the git repository",
                             [RULES["TL001"].diagnostic(path=str(path),
                                         message="the plan is outside the git repository")])
    return "" if joined == "." else joined


def _commit(revision: str, cwd: Path) -> str:
    if not revision or revision.startswith("-"):
        raise _git_error(revision, f"'{revision}' is not a git revision")
    result = _git(["rev-parse", "--verify", "--quiet", "--end-of-options",
                   f"{revision}^{{commit}}"], cwd, check=False)
    if result.returncode != 0:
        raise _git_error(revision, f"unknown git revision '{revision}'",
                         "fetch it first (for example 'git fetch origin main') or check "
                         "the name")
    return result.stdout.decode().strip()


def _object_info(oid: str, cwd: Path) -> tuple[str, int]:
    line = _git(["cat-file", "--batch-check"], cwd, stdin=f"{oid}\n".encode())
    fields = line.stdout.decode().split()
    return fields[1], (int(fields[2]) if len(fields) > 2 else 0)


def _tree_blobs(tree: str, cwd: Path) -> Iterable[_Blob]:
    listing = _git(["ls-tree", "-r", "-z", "-l", "--full-tree", tree], cwd).stdout
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, oid, size = meta.decode().split()
        path = os.fsdecode(raw_path)
        if kind == "blob" and mode in _FILE_MODES and path.lower().endswith(PLAN_SUFFIXES):
            yield _Blob(path, oid, int(size))


def _write_blobs(root: Path, blobs: list[_Blob], cwd: Path) -> None:
    """Copy the blobs under ``root``.

    A blob over the loader's size limit is not read: an empty file of the same
    size (sparse, so it costs no space) lets the loader refuse it with its usual
    diagnostic.
    """
    small = [blob for blob in blobs if blob.size <= MAX_FILE_BYTES]
    contents = _read_blobs([blob.oid for blob in small], cwd)
    for blob in blobs:
        target = _inside(root, blob.path)
        if blob.size > MAX_FILE_BYTES:
            with target.open("wb") as handle:
                handle.truncate(blob.size)
        else:
            target.write_bytes(contents[blob.oid])


def _read_blobs(oids: list[str], cwd: Path) -> dict[str, bytes]:
    """Read many blobs with one ``git cat-file --batch``: ``<oid> blob <size>\\n<data>\\n``."""
    if not oids:
        return {}
    output = _git(["cat-file", "--batch"], cwd, stdin="".join(f"{o}\n" for o in oids).encode())
    data, offset, contents = output.stdout, 0, {}
    for oid in oids:
        end = data.index(b"\n", offset)
        header = data[offset:end].decode().split()
        if len(header) != 3:
            raise _git_error(oid, f"git could not read the object {oid}")
        size = int(header[2])
        contents[oid] = data[end + 1:end + 1 + size]
        offset = end + 1 + size + 1
    return contents


def _git(arguments: list[str], cwd: Path, *, stdin: bytes | None = None,
         check: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run git read-only, with messages in English so failures can be recognised."""
    environment = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        result = subprocess.run(["git", *arguments], cwd=cwd, input=stdin,
                                capture_output=True, env=environment, timeout=GIT_TIMEOUT,
                                check=False)
    except FileNotFoundError:
        raise _git_error("git", "git is not installed, so plans at a revision cannot be read",
                         "install git, or pass both plans as paths") from None
    except subprocess.TimeoutExpired:
        raise _git_error("git", f"git did not answer within {GIT_TIMEOUT} seconds") from None
    if result.returncode == 0 or (not check and b"not a git repository" not in result.stderr):
        return result
    problem = result.stderr.decode(errors="replace").strip().splitlines()
    detail = problem[-1] if problem else f"git {arguments[0]} failed"
    if "not a git repository" in detail:
        raise _git_error(str(cwd), "not inside a git repository",
                         "run tracklint from the repository, or pass both plans as paths")
    raise _git_error("git", detail)


def _git_error(where: str, message: str, hint: str | None = None) -> TracklintError:
    return TracklintError(f"{where}: {message}",
                          [RULES["TL001"].diagnostic(path=where, message=message, hint=hint)])
