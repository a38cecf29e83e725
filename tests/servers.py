"""Real servers on 127.0.0.1 for tests: llama.cpp's OpenAI-compatible server and Chroma."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {proc.stdout.read() if proc.stdout else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer in {timeout}s")


@contextmanager
def serve(cmd: list[str], ready_url: str, log: Path):
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_http(ready_url, proc)
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextmanager
def llama_server(model: Path, log: Path):
    port = free_port()
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048", "--model_alias", "smollm2"]
    with serve(cmd, f"http://127.0.0.1:{port}/v1/models", log):
        yield f"http://127.0.0.1:{port}/v1"


@contextmanager
def chroma_server(path: Path, log: Path):
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    with serve([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)], f"http://127.0.0.1:{port}/api/v2/heartbeat", log):
        yield port


@contextmanager
def misbehaving_llm(kind: str):
    """An OpenAI-compatible address on 127.0.0.1 whose replies go wrong in the ways real servers
    and proxies do (what a real server cannot be made to do on purpose): "badsse" a stream of
    broken JSON, "html" a web page, "cut" a stream that stops before it finishes, "drip" a token
    every 0.3 s forever. Yields the base URL."""
    import http.server
    import json
    import threading

    chunk = lambda text, finish=None: "data: " + json.dumps({"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "m", "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": finish}]}) + "\n\n"  # noqa: E731

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.send_header("Content-Type", "text/html" if kind == "html" else "text/event-stream")
            self.end_headers()
            try:
                if kind == "html":
                    self.wfile.write(b"<html><body>Welcome to nginx!</body></html>")
                elif kind == "badsse":
                    self.wfile.write(b'data: {"choices": [{bad json\n\n')
                elif kind == "cut":
                    self.wfile.write((chunk("Putin told") + chunk(" the FSB")).encode())
                else:  # drip
                    while not stop.is_set():
                        self.wfile.write(chunk(" word").encode())
                        self.wfile.flush()
                        stop.wait(0.3)
            except OSError:  # the client went away
                pass

    stop = threading.Event()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
