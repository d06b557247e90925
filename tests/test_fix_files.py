"""``check --fix`` and ``--diff``: files fixed in their own encoding, written atomically,
each file on its own, and unsafe fixes only when asked for."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from linter.code_examples import EXAMPLE_PLAN
from linter.fix_files import FileFix, FixResult, write_atomically, write_fixes

HEAD = "from mixpanel import Mixpanel\n\nmp = Mixpanel('token')\n"
CALL = "mp.track('u', 'order completed', {'order_id': 'o', 'price': 1})\n"
FIXED = CALL.replace("order completed", "Order Completed")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "plan.yaml").write_text(EXAMPLE_PLAN, encoding="utf-8")
    (tmp_path / "tracklint.toml").write_text('plan = "plan.yaml"\n', encoding="utf-8")
    return tmp_path


def test_encodings_bom_and_line_separators_are_kept(tracklint, root):
    latin = ("# -*- coding: latin-1 -*-\n" + HEAD + "# Caf\xe9\n" + CALL).encode("latin-1")
    (root / "latin.py").write_bytes(latin)
    (root / "separator.py").write_bytes((HEAD + "# a\u2028b\n" + CALL).encode())
    (root / "bom.py").write_bytes(b"\xef\xbb\xbf" + (HEAD + CALL).encode())
    (root / "crlf.py").write_bytes((HEAD + CALL).replace("\n", "\r\n").encode())
    diff = tracklint("check", "--no-cache", "--diff", cwd=root)
    assert diff.returncode == 1, diff.stdout + diff.stderr
    assert diff.stdout.count("+" + FIXED) == 4 and "Traceback" not in diff.stderr
    result = tracklint("check", "--no-cache", "--fix", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Fixed 4 problems." in result.stdout
    assert (root / "latin.py").read_bytes() == latin.replace(b"order completed",
                                                            b"Order Completed")
    assert (root / "separator.py").read_bytes() == (HEAD + "# a\u2028b\n" + FIXED).encode()
    assert (root / "bom.py").read_bytes() == b"\xef\xbb\xbf" + (HEAD + FIXED).encode()
    assert (root / "crlf.py").read_bytes() == (HEAD + FIXED).replace("\n", "\r\n").encode()


def test_a_file_whose_fix_cannot_be_written_does_not_stop_the_others(tracklint, root):
    (root / "good.py").write_text(HEAD + CALL)
    # The fix would put a character into a Latin-1 file that Latin-1 cannot hold.
    plan = EXAMPLE_PLAN.replace("Account Created:", "Account Created ☕:")
    (root / "plan.yaml").write_text(plan.replace("replaced_by: Account Created",
                                                 "replaced_by: Account Created ☕"))
    latin = ("# -*- coding: latin-1 -*-\n" + HEAD + "mp.track('u', 'Signed Up', {})\n"
             ).encode("latin-1")
    (root / "latin.py").write_bytes(latin)
    result = tracklint("check", "--no-cache", "--fix", cwd=root)
    assert (root / "good.py").read_text() == HEAD + FIXED
    assert (root / "latin.py").read_bytes() == latin
    assert "latin.py: TL302 could not fix latin.py: a fix needs '☕'" in result.stdout
    assert result.returncode == 1 and "Traceback" not in result.stderr


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE")
def test_a_full_disk_never_leaves_a_file_cut_off(root):
    """A write that fails half way (here: past a file-size limit, as on a full disk)
    leaves the original whole; the other files are fixed all the same."""
    big = HEAD + "".join(f"def f{i}():\n    return {i}\n\n\n" for i in range(300)) + CALL
    assert len(big) > 4096
    (root / "big.py").write_text(big)
    (root / "small.py").write_text(HEAD + CALL)
    environment = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run([sys.executable, "-m", "linter", "check", "--no-cache", "--fix"],
                            cwd=root, capture_output=True, text=True, env=environment,
                            preexec_fn=_limit_file_size, timeout=300)
    assert (root / "big.py").read_text() == big
    assert (root / "small.py").read_text() == HEAD + FIXED
    assert "TL302 could not fix big.py: File too large" in result.stdout, result.stderr
    assert not [p for p in root.iterdir() if p.name.endswith(".tracklint")]


def test_an_atomic_write_keeps_mode_bits_and_symbolic_links(tmp_path):
    real = tmp_path / "real.py"
    real.write_text("old\n")
    real.chmod(0o751)
    link = tmp_path / "link.py"
    link.symlink_to(real)
    write_atomically(link, b"new\n")
    assert link.is_symlink() and real.read_text() == "new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o751


def test_a_write_that_fails_is_a_failure_of_that_file_only(tmp_path, monkeypatch):
    files = [tmp_path / "a.py", tmp_path / "b.py"]
    for file in files:
        file.write_text("old\n")

    real_fsync = os.fsync
    calls: list[int] = []

    def failing_fsync(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == 1:
            raise OSError(28, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    result = write_fixes(FixResult(changed=[
        FileFix(str(files[0]), "old\n", "new\n", 1, "utf-8"),
        FileFix(str(files[1]), "old\n", "new\n", 1, "utf-8"),
    ]))
    assert files[0].read_text() == "old\n" and files[1].read_text() == "new\n"
    [failure] = result.failures
    assert failure.message.endswith("No space left on device") and failure.path == str(files[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.py", "b.py"]


UNSAFE_PLAN = EXAMPLE_PLAN.replace(
    "  Account Created:\n    description: A visitor created an account.\n    owner: growth\n",
    "  Account Created:\n    description: A visitor created an account.\n    owner: growth\n"
    "    properties:\n      method: {type: string, required: true}\n"
    "      referrer: {type: string, required: true}\n")


def test_a_fix_that_leaves_the_call_invalid_is_unsafe(tracklint, root):
    assert UNSAFE_PLAN != EXAMPLE_PLAN
    (root / "plan.yaml").write_text(UNSAFE_PLAN)
    deprecated = HEAD + "mp.track('u', 'Signed Up', {})\n"
    (root / "app.py").write_text(deprecated + CALL)
    result = tracklint("check", "--no-cache", cwd=root)
    assert "app.py:4:15: TL203 warning: event 'Signed Up' is deprecated" in result.stdout
    assert ("hint: send 'Account Created' instead; the fix is unsafe: afterwards "
            "'Account Created' requires 'method' and 'referrer', which the call does not send "
            "(apply it with --unsafe-fixes)") in result.stdout
    assert "1 fixable with --fix" in result.stdout
    assert "1 more fix available with --unsafe-fixes" in result.stdout
    safe = tracklint("check", "--no-cache", "--fix", cwd=root)
    assert (root / "app.py").read_text() == deprecated + FIXED, safe.stdout
    unsafe = tracklint("check", "--no-cache", "--fix", "--unsafe-fixes", cwd=root)
    assert (root / "app.py").read_text() == (HEAD + "mp.track('u', 'Account Created', {})\n"
                                             + FIXED)
    assert "TL205" in unsafe.stdout  # what the hint said would be left to do


def test_a_fix_is_safe_when_the_call_is_valid_afterwards(tracklint, root):
    (root / "app.py").write_text(HEAD + "mp.track('u', 'Signed Up', {})\n")
    result = tracklint("check", "--no-cache", "--output-format", "json", cwd=root)
    assert '"fixable": true' in result.stdout and "unsafe_fix" not in result.stdout


def test_a_constant_is_fixed_only_if_the_fix_is_safe_for_every_call_reading_it(tracklint,
                                                                                 root):
    (root / "plan.yaml").write_text(UNSAFE_PLAN)
    (root / "events.py").write_text('SIGNED_UP = "Signed Up"\n')
    app = (HEAD + "from events import SIGNED_UP\n\n"
           "mp.track('u', SIGNED_UP, {'method': 'email', 'referrer': 'ad'})\n"
           "mp.track('u', SIGNED_UP, {})\n")
    (root / "app.py").write_text(app)
    result = tracklint("check", "--no-cache", "--fix", cwd=root)
    assert (root / "events.py").read_text() == 'SIGNED_UP = "Signed Up"\n', result.stdout
    tracklint("check", "--no-cache", "--fix", "--unsafe-fixes", cwd=root)
    assert (root / "events.py").read_text() == 'SIGNED_UP = "Account Created"\n'
