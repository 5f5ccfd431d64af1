from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core import backups


class Command(BaseCommand):
    help = "Back up the database (pg_dump, custom format) and the uploaded files, named by time."

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=str(Path(settings.BASE_DIR) / "backups"))

    def handle(self, *args, directory, **options):
        dump, media = backups.create(Path(directory))
        self.stdout.write(f"Database: {dump}\nUploaded files: {media}")
        self.stdout.write(f"Restore into an empty database with: make restore FILE={dump}")
