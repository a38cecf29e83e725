"""News assistant: answers questions about news articles with citations verified by code.

The data flow, one module a stage: ingest (file -> Article) -> chunk -> embed -> store ->
index (sync) -> plan (question -> claims, outlets, days) -> retrieve -> rerank -> cite (spans,
verification) -> evidence (sentences ranked) -> short (a name, number, date; yesno, timeline,
names, digest for their kinds of question) -> prompt -> generate -> pipeline; cli and ui on
top. README's "How an answer is made" has one line per module.
"""

import os

# numpy's OpenBLAS spreads even a one-question matrix product over all cores, and stalls when
# they are busy (20 ms vs 1.5 ms measured here); questions are small, bulk ingest uses torch.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .errors import AssistantError  # noqa: E402

__all__ = ["AssistantError"]
__version__ = "0.1.0"
