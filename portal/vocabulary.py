"""The words readers may mean: every word of four letters or more in titles and summaries."""

import re

WORD = re.compile(r"[^\W\d_]{4,60}")


def words_in(*texts: str) -> set[str]:
    return {word.lower() for text in texts for word in WORD.findall(text or "")}


def remember_words(*texts: str) -> None:
    from portal.models import SearchTerm

    SearchTerm.objects.bulk_create(
        [SearchTerm(word=word) for word in sorted(words_in(*texts))], ignore_conflicts=True
    )
