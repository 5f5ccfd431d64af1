"""Bulk-create many registered, fictional enterprises for benchmarks (never in production)."""

from django.core.management.base import BaseCommand

from registry.demo.enterprises import generate


class Command(BaseCommand):
    help = "Create COUNT fictional registered enterprises with bulk_create (benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=50_000)

    def handle(self, *args, **options):
        sent = generate(options["count"])
        self.stdout.write(f"Generated {sent} enterprises (existing CVR numbers skipped).")
