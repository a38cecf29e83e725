"""Prompts are files, rendered strictly, and an installed package still finds them."""

import subprocess
import sys
import zipfile

import pytest

from assistant import prompt
from assistant.errors import ConfigError
from conftest import ROOT


def test_templates_render_and_missing_variables_fail_loudly():
    text = prompt.render("answer_user", sources=[{"n": 1, "source": "Wire", "published_at": "2024-01-02", "title": "T", "text": "Body."}], question="Q?")
    assert "[1] (Wire, 2024-01-02) Body." in text and "Question: Q?" in text
    with pytest.raises(Exception, match="question"):
        prompt.render("answer_user", sources=[])


def test_prompts_dir_override_and_missing_template(tmp_path):
    (tmp_path / "condense.txt").write_text("Q: {{ question }} {{ history|length }}")
    assert prompt.render("condense", str(tmp_path), question="x", history=[]) == "Q: x 0"
    with pytest.raises(ConfigError, match="missing"):
        prompt.render("answer_system", str(tmp_path))


def test_wheel_ships_the_prompts(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(ROOT)], check=True)
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for template in (ROOT / "prompts").glob("*.txt"):
        assert f"assistant/prompts/{template.name}" in names
