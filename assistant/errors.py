"""Errors shown to people.

Every message says what was wrong and what to do about it; the CLI prints it as is,
without a traceback, and exits non-zero.

    AssistantError
    ├── ConfigError        a setting is missing or invalid
    ├── InputError         a file, record or question we cannot use
    ├── EmptyStoreError    nothing has been ingested yet
    ├── ModelError         a bundled model is not installed
    └── ServerUnavailable  an LLM, embedding or Chroma server cannot be reached or failed, or the store did
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base class: the message is for the user."""

    exit_code = 1


class ConfigError(AssistantError):
    exit_code = 2


class InputError(AssistantError):
    exit_code = 2


class EmptyStoreError(AssistantError):
    exit_code = 3


class ModelError(AssistantError):
    exit_code = 4


class ServerUnavailable(AssistantError):
    exit_code = 5
