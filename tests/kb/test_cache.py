"""The on-disk knowledge-base cache (kb.compile.cache): hits, misses, corruption, concurrency."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grammar import PolicyErrors
from kb.compile import cache
from kb.compile.compiler import POLICY_DIR, compile_paths

ROOT = Path(__file__).resolve().parents[2]


def _rules(rb) -> list[dict]:
    return [r.as_dict() for r in rb.all_rules()]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("BINGGUI_CACHE_DIR", str(directory))
    return directory


@pytest.fixture
def yanqi(tmp_path) -> Path:
    """A copy of one jurisdiction's policy files, to edit."""
    target = tmp_path / "policies" / "yanqi"
    shutil.copytree(POLICY_DIR / "yanqi", target)
    return target


def test_second_read_comes_from_the_cache_and_equals_a_fresh_compile(cache_dir, yanqi, monkeypatch):
    first = cache.cached_rulebase([yanqi])
    files = list(cache_dir.glob("rulebase-*.pickle"))
    assert len(files) == 1
    monkeypatch.setattr(cache, "compile_paths", lambda *a, **k: pytest.fail("compiled again"))
    second = cache.cached_rulebase([yanqi])
    assert second.version == first.version
    assert _rules(second) == _rules(compile_paths([yanqi]))


def test_a_changed_source_is_a_new_key(cache_dir, yanqi):
    before = cache.cache_key([yanqi])
    params = yanqi / "parameters.yaml"
    params.write_text(params.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert cache.cache_key([yanqi]) != before
    cache.cached_rulebase([yanqi])
    assert len(list(cache_dir.glob("rulebase-*.pickle"))) == 1


def test_a_corrupt_cache_is_ignored_and_rebuilt(cache_dir, yanqi):
    expected = _rules(cache.cached_rulebase([yanqi]))
    (file,) = cache_dir.glob("rulebase-*.pickle")
    for garbage in (b"", b"not a pickle", file.read_bytes()[:100]):
        file.write_bytes(garbage)
        assert _rules(cache.cached_rulebase([yanqi])) == expected
        assert file.stat().st_size > 1000          # rewritten whole


def test_a_policy_with_errors_is_never_cached(cache_dir, yanqi):
    md = sorted(yanqi.glob("*.md"))[0]
    md.write_text(md.read_text(encoding="utf-8") + "\n```policy\nrule broken:\n  nonsense :-\n```\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(PolicyErrors):
            cache.cached_rulebase([yanqi])
    assert not list(cache_dir.glob("rulebase-*"))


def test_off_disables_the_cache(tmp_path, monkeypatch, yanqi):
    monkeypatch.setenv("BINGGUI_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    assert cache.cached_rulebase([yanqi]).jurisdictions
    assert not list(tmp_path.rglob("rulebase-*"))


def test_an_unwritable_cache_directory_still_compiles(tmp_path, monkeypatch, yanqi):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("BINGGUI_CACHE_DIR", str(blocker / "cache"))
    assert cache.cached_rulebase([yanqi]).jurisdictions


def test_concurrent_processes_share_one_whole_cache_file(cache_dir, yanqi):
    """Eight processes start cold at once: each gets the knowledge base, one whole file remains."""
    code = ("import sys; from kb.compile.cache import cached_rulebase; "
            f"rb = cached_rulebase([{str(yanqi)!r}]); print(rb.version, len(list(rb.all_rules())))")
    env = {"BINGGUI_CACHE_DIR": str(cache_dir), "PATH": "/usr/bin:/bin"}
    procs = [subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(8)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outs]
    assert len({out for out, _ in outs}) == 1
    assert [f.name.startswith("rulebase-") and f.suffix == ".pickle" for f in cache_dir.iterdir()] == [True]
    assert _rules(cache.cached_rulebase([yanqi])) == _rules(compile_paths([yanqi]))
