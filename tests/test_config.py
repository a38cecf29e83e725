import pytest

from assistant.config import load_settings
from assistant.errors import ConfigError


def test_defaults_work_offline(tmp_path):
    s = load_settings(env={})
    assert s.llm_backend == "local" and s.embed_backend == "local" and s.ui_host == "127.0.0.1"
    assert s.chunk_tokens == 256 and s.chunk_overlap == 32


def test_env_and_dotenv(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# comment\nASSISTANT_TOP_K=7\nexport OPENAI_BASE_URL='http://127.0.0.1:9/v1'\nASSISTANT_UI_PORT=1\n")
    s = load_settings(env={"ASSISTANT_UI_PORT": "8080"}, dotenv=env_file)
    assert (s.top_k, s.openai_base_url, s.ui_port) == (7, "http://127.0.0.1:9/v1", 8080)


@pytest.mark.parametrize("key,value,needle", [
    ("ASSISTANT_TOP_K", "many", "ASSISTANT_TOP_K"),
    ("ASSISTANT_LLM_BACKEND", "gpt", "ASSISTANT_LLM_BACKEND"),
    ("ASSISTANT_CHUNK_OVERLAP", "999", "ASSISTANT_CHUNK_OVERLAP"),
    ("ASSISTANT_EMBED_BACKEND", "openai", "ASSISTANT_EMBED_MODEL"),
])
def test_bad_settings_say_which_and_how(key, value, needle):
    with pytest.raises(ConfigError, match=needle):
        load_settings(env={key: value})


def test_broken_dotenv_line(tmp_path):
    (tmp_path / ".env").write_text("JUSTAWORD\n")
    with pytest.raises(ConfigError, match="KEY=VALUE"):
        load_settings(env={}, dotenv=tmp_path / ".env")
