"""The words readers may mean: every word of four letters or more in titles and summaries.

Migration 0004 imports this module, so it holds no models; ``services.remember_words`` stores them.
"""

import re

WORD = re.compile(r"[^\W\d_]{4,60}")


def words_in(*texts: str) -> set[str]:
    return {word.lower() for text in texts for word in WORD.findall(text or "")}
