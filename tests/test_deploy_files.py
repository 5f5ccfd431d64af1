"""compose.yaml, the Caddyfile and .dockerignore say what docs/deploy.md promises.

No Docker engine runs the tests, so the compose file is read as YAML (with its anchors resolved
as Compose resolves them) and checked for the layout; `make cluster-check` runs the Caddyfile.
"""

import os
import re
import shutil
import subprocess

import yaml
from django.conf import settings

COMPOSE = yaml.safe_load((settings.BASE_DIR / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
CADDYFILE = (settings.BASE_DIR / "deploy" / "Caddyfile").read_text()
WEB = ("web1", "web2")


def test_two_web_replicas_run_only_behind_the_tls_proxy():
    proxy = SERVICES["proxy"]
    assert proxy["image"].startswith("caddy:")
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert proxy["environment"]["UPSTREAMS"].split() == [f"{name}:8000" for name in WEB]
    assert {"80:80", "443:443"} <= set(proxy["ports"])
    for name in WEB:
        assert "ports" not in SERVICES[name]  # reachable through the proxy only
        assert SERVICES[name]["healthcheck"]


def test_every_app_process_trusts_one_proxy_and_keeps_uploads_in_the_bucket():
    for name in (*WEB, "worker", "migrate"):
        environment = SERVICES[name]["environment"]
        assert environment["BEHIND_TLS_PROXY"] == "1"
        assert environment["TRUSTED_PROXY_COUNT"] == "1"
        assert environment["MEDIA_STORAGE"] == "s3"
        assert environment["AWS_S3_ENDPOINT_URL"] == "http://minio:9000"
        assert "@db:5432/" in environment["DATABASE_URL"]
    assert SERVICES["worker"]["command"] == ["python", "manage.py", "worker"]


def test_the_database_the_bucket_and_migrations_come_first():
    assert SERVICES["db"]["image"] == "postgres:18"
    assert SERVICES["minio"]["image"].startswith("minio/minio")
    setup = SERVICES["uploads-bucket"]
    assert setup["image"].startswith("minio/mc")
    script = setup["entrypoint"][-1]
    assert "mc mb --ignore-existing store/vaekstcenter-uploads" in script
    assert "mc anonymous set none" in script  # private: no anonymous reads
    for name in (*WEB, "worker"):
        waits_for = SERVICES[name]["depends_on"]
        assert waits_for["migrate"]["condition"] == "service_completed_successfully"
        assert waits_for["uploads-bucket"]["condition"] == "service_completed_successfully"
    assert SERVICES["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_the_proxy_refuses_bodies_django_would_refuse_and_balances_with_health_checks():
    limit = re.search(r"max_size (\d+)MB", CADDYFILE)
    assert limit, "request_body max_size missing"
    megabytes = int(limit.group(1)) * 1000 * 1000
    assert (
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        < megabytes
        < settings.DATA_UPLOAD_MAX_MEMORY_SIZE * 1.2
    )
    assert "reverse_proxy {$UPSTREAMS:web1:8000 web2:8000}" in CADDYFILE
    assert "health_uri /healthz" in CADDYFILE
    directives = [line.split("#")[0].strip() for line in CADDYFILE.splitlines()]
    assert not any(line.startswith("trusted_proxies") for line in directives)  # never trust XFF


def test_secrets_local_data_and_build_output_stay_out_of_the_image():
    ignored = {
        line.strip()
        for line in (settings.BASE_DIR / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    required = {".env", ".pgdata", ".pgrun", "media", "backups", "node_modules", ".venv"}
    assert required | {"staticfiles", "test-results"} <= ignored


def test_make_run_on_another_port_mails_links_to_that_port():
    """`make run PORT=...` prints the mails; their links lead to the server it started."""
    environment = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    database = subprocess.run(
        [
            shutil.which("make"),
            "-pn",
            "run",
            "HOST=127.0.0.1",
            "PORT=18999",
        ],  # -pn: print, run nothing
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert "run: SITE_URL := http://127.0.0.1:18999" in database
