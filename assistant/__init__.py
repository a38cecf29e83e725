"""News assistant: answers questions about news articles with citations verified by code.

The data flow, one module a stage: ingest (file -> Article) -> chunk -> embed -> store ->
index (sync) -> retrieve -> prompt -> generate -> cite -> pipeline; cli and ui on top.
"""

from .errors import AssistantError

__all__ = ["AssistantError"]
__version__ = "0.1.0"
