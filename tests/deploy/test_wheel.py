"""The package installs like any other: a wheel built with the standard build tool, installed into
a fresh virtualenv outside the checkout, answers, validates and posts from its own knowledge."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest
from deploy_support import ROOT, clean_env


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    return out


def shipped_yaml() -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in (ROOT / "knowledge").rglob("*.yaml")}


def test_wheel_and_sdist_carry_every_knowledge_file(dists: Path) -> None:
    wheel = next(dists.glob("*.whl"))
    sdist = next(dists.glob("*.tar.gz"))
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    with tarfile.open(sdist) as tar:
        in_sdist = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    assert shipped_yaml() - in_wheel == set()
    assert shipped_yaml() - in_sdist == set()
    assert "bot/option_weights.json" in in_wheel and "bot/option_weights.json" in in_sdist
    assert not any(name.startswith(("tests/", ".venv/", "adapters/testing/")) for name in in_wheel)
    assert any(name.startswith("adapters/slack/") for name in in_wheel)


def test_installed_wheel_works_from_another_folder(dists: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    target = str(env_dir / "bin" / "python")
    pip = [sys.executable, "-m", "pip", "--python", target, "install", "--quiet", "--disable-pip-version-check"]
    wheel = str(next(dists.glob("*.whl")))
    if os.environ.get("CI"):
        # CI resolves the wheel's dependencies from its metadata, as a user's pip would.
        subprocess.run([*pip, wheel], check=True, capture_output=True, timeout=600)
    else:
        # Locally the test virtualenv lends its installed dependencies through a .pth line; the
        # checkout's own editable install is not visible that way, so `bot` comes from the wheel.
        subprocess.run([*pip, "--no-deps", wheel], check=True, capture_output=True, timeout=600)
        site = subprocess.run([target, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                              check=True, capture_output=True, text=True).stdout.strip()
        Path(site, "lent-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    where = subprocess.run([target, "-c", "import bot; print(bot.__file__)"], cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(env_dir)), f"bot imported from {where}, not from the installed wheel"
    exe = str(env_dir / "bin" / "awstutor")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = clean_env(DATABASE_URL=f"sqlite+aiosqlite:///{work}/ci.db")

    def run(*args: str) -> str:
        done = subprocess.run([exe, *args], cwd=work, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    assert "Security Token Service" in run("ask", "sts")
    pasted = "Which service issues temporary credentials?\nA. Amazon Cognito\nB. AWS STS\nC. Amazon S3\nD. Amazon EC2"
    assert json.loads(run("ask", "--json", pasted))["choice"] == ["B"]  # the fitted weights came along
    assert "OK:" in run("validate")
    posted = run("quiz", "post", "--channel", "ci")
    assert "Question of the day" in posted and "[1] A" in posted
