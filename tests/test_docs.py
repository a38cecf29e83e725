"""Every command has help text and is in the README; every setting is in the README."""

import argparse
from dataclasses import fields

from assistant.cli import build_parser
from assistant.config import Settings, env_names
from conftest import ROOT

README = (ROOT / "README.md").read_text()


def commands(parser, prefix=()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                help_text = next((a.help for a in action._choices_actions if a.dest == name), None)
                yield prefix + (name,), help_text, sub
                yield from commands(sub, prefix + (name,))


def test_every_command_has_help_and_is_documented():
    found = list(commands(build_parser()))
    assert len(found) >= 7
    for path, help_text, sub in found:
        assert help_text and sub.description, path
        assert f"assistant {' '.join(path)}" in README, f"README does not mention `assistant {' '.join(path)}`"


def test_every_setting_is_documented():
    for f in fields(Settings):
        assert any(name in README for name in env_names(f.name)), f"{env_names(f.name)[0]} is not in the README"
