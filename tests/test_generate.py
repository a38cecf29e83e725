"""The bundled LLM in process: re-encoded once into the cache for speed, and still answering."""

from assistant.config import load_settings
from assistant.generate import LocalLLM, bundled_gguf, complete, fast_copy


def test_bundled_model_is_reencoded_once_into_the_cache_and_answers(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = fast_copy(bundled_gguf())
    assert path.parent == tmp_path / "cache" / "news-assistant" / "models" and path.name.endswith(".Q8_0.gguf")
    assert path.read_bytes()[:4] == b"GGUF" and not list(path.parent.glob("*.tmp"))
    made = path.stat().st_mtime_ns
    assert fast_copy(bundled_gguf()) == path and path.stat().st_mtime_ns == made  # made once, then reused
    llm = LocalLLM(load_settings())
    assert llm.name == path.name
    assert "Paris" in complete(llm, [{"role": "user", "content": "Name the capital of France."}], max_tokens=12)  # temperature 0


def test_an_unwritable_cache_leaves_the_bundled_file_in_use(tmp_path, monkeypatch):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert fast_copy(bundled_gguf()) == bundled_gguf()
    assert LocalLLM(load_settings()).name == bundled_gguf().name
