"""Queued and finished tasks name their function by its dotted path, which moved with the kernel.

The mail and periodic tasks were ``vaekstcenter.mail.deliver_email`` and
``vaekstcenter.periodic.run_periodic_jobs`` until the kernel moved to ``core/``; the worker could
not import a task queued under the old path, and the admin's "E-mails" would lose the mails sent
before. Only ``task_path`` changes; going back restores the old paths.
"""

from django.db import migrations

# The old paths are meant (kernel-rewrite: leave alone).

MOVED = {
    "vaekstcenter.mail.deliver_email": "core.mail.deliver_email",  # legacy path
    "vaekstcenter.periodic.run_periodic_jobs": "core.periodic.run_periodic_jobs",  # legacy path
}


def rename(apps, paths: dict[str, str]) -> None:
    tasks = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in paths.items():
        tasks.objects.filter(task_path=old).update(task_path=new)


def forward(apps, schema_editor) -> None:
    rename(apps, MOVED)


def backward(apps, schema_editor) -> None:
    rename(apps, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("vaekstcenter", "0003_rate_limits_and_page_cache"),
    ]

    operations = [migrations.RunPython(forward, backward)]
