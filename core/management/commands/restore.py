from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backups


class Command(BaseCommand):
    help = "Restore a backup (FILE.dump and FILE.media.tar.gz) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup's .dump file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore into a database or MEDIA_ROOT that is not empty, replacing its objects",
        )

    def handle(self, *args, file, force, **options):
        try:
            backups.restore(Path(file), force=force)
        except backups.RestoreRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(f"Restored {file} and its uploaded files.")
