"""Production settings plus one bare view, for the benchmark's comparison point."""

from vaekstcenter.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
