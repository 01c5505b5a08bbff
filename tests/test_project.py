"""The project's own set-up: pins, lock file, Makefile and CI entry point agree."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lock():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_every_direct_dependency_is_pinned_exactly_and_locked_at_that_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    direct = project["dependencies"] + project["optional-dependencies"]["test"]
    locked = lock()
    assert len(direct) >= 10
    for requirement in direct:
        name, _, version = requirement.partition("==")
        assert version, f"{requirement} is not pinned exactly"
        assert locked[re.sub(r"[-_.]+", "-", name).lower()] == version, requirement


def test_lock_pins_everything_exactly():
    text = (ROOT / "requirements.lock").read_text()
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert lines and all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[^=\s]+", line) for line in lines)


def test_makefile_and_ci_run_the_readme_commands():
    makefile = (ROOT / "Makefile").read_text()
    assert "NO_MKDOCS_2_WARNING := 1" in makefile
    assert "-r requirements.lock" in makefile
    for target in ("serve", "build", "test", "bench"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert "make test" in (ROOT / ".ci/run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make serve" in readme and "make test" in readme
