"""Two web instances behind a load balancer on this machine, as on two machines (`make cluster`).

Two gunicorn instances (production settings) on two ports share what separate machines would
share: the database (the embedded PostgreSQL, or DATABASE_URL), and with it sessions, the cache
and rate limits; and an S3 bucket for uploads (moto's S3 server standing in for MinIO). In front,
Debian's Caddy runs deploy/Caddyfile, the same file compose.yaml gives the Caddy container:
TLS from Caddy's own CA, round robin, health checks, the body limit. Loopback only.

    python benchmarks/cluster.py          # serve until Ctrl-C
"""

import http.client
import os
import shutil
import signal
import ssl
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from benchmarks.run import (  # noqa: E402
    GUNICORN,
    HOST,
    clear_caches,
    production_environment,
    use_the_site_database,
)

INSTANCE_PORTS = (18701, 18702)
BALANCER_PORT = 18743  # https
BALANCER_HTTP_PORT = 18780  # redirects to https
CADDY_ADMIN = "localhost:18719"
S3_PORT = 18750
BUCKET = "vaekstcenter-cluster"
STATE = BASE_DIR / ".cluster"
# Two instances share one secret, as every machine of a deployment must: sessions are signed.
SECRET_KEY = "local-cluster-only-" + "c" * 40
EXPORTS_PER_MINUTE = 5  # low, so the check can reach the shared limit in a few requests


@dataclass(frozen=True)
class Addresses:
    instances: tuple[str, ...]
    balancer: str
    s3: str

    def tls(self) -> ssl.SSLContext:
        """Trust Caddy's own root certificate only: the balancer's TLS is verified for real."""
        return ssl.create_default_context(cafile=str(CADDY_ROOT))


CADDY_ROOT = STATE / "data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
ADDRESSES = Addresses(
    instances=tuple(f"http://{HOST}:{port}" for port in INSTANCE_PORTS),
    balancer=f"https://{HOST}:{BALANCER_PORT}",
    s3=f"http://{HOST}:{S3_PORT}",
)


def app_environment() -> dict:
    return production_environment(
        DJANGO_SETTINGS_MODULE="vaekstcenter.settings",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS=f"{HOST},localhost",
        SITE_URL=ADDRESSES.balancer,
        # The balancer speaks TLS; the instances are also reached directly over plain http.
        BEHIND_TLS_PROXY="1",
        TRUSTED_PROXY_COUNT="1",
        REGISTRY_EXPORTS_PER_MINUTE=str(EXPORTS_PER_MINUTE),
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=ADDRESSES.s3,
        AWS_S3_REGION_NAME="eu-north-1",
        AWS_ACCESS_KEY_ID="cluster",
        AWS_SECRET_ACCESS_KEY="cluster-secret",  # noqa: S106 - moto's local S3 takes any key
        GUNICORN_WORKERS=os.environ.get("GUNICORN_WORKERS", "2"),
    )


def caddy_environment() -> dict:
    env = dict(os.environ)
    env.update(
        XDG_DATA_HOME=str(STATE / "data"),
        XDG_CONFIG_HOME=str(STATE / "config"),
        # An IP address: Caddy's own CA signs it, and every client address stays 127.0.0.1.
        SITE_ADDRESS=HOST,
        HEALTH_CHECK_HOST=HOST,
        UPSTREAMS=" ".join(f"{HOST}:{port}" for port in INSTANCE_PORTS),
        CADDY_HTTP_PORT=str(BALANCER_HTTP_PORT),
        CADDY_HTTPS_PORT=str(BALANCER_PORT),
        CADDY_ADMIN=CADDY_ADMIN,
        CADDY_REQUEST_BUFFERING="buffer_requests",  # Debian 12's Caddy 2.6 spelling
    )
    return env


def prepare_database(env: dict) -> None:
    """Migrations, static files and an empty cache (no page rendered by an earlier run)."""
    use_the_site_database(env)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    clear_caches()


@contextmanager
def process(arguments: list[str], env: dict, name: str, ready):
    log = open(STATE / f"{name}.log", "wb")  # noqa: SIM115 - closed below
    started = subprocess.Popen(  # noqa: S603 - fixed arguments
        arguments, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 40
        while not ready():
            if started.poll() is not None:
                raise RuntimeError(f"{name} stopped while starting; see {log.name}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start within 40 s; see {log.name}")
            time.sleep(0.3)
        yield started
    finally:
        started.send_signal(signal.SIGTERM)
        try:
            started.wait(timeout=30)
        except subprocess.TimeoutExpired:
            started.kill()
        log.close()


def answers(host: str, port: int, path: str, *, tls: bool = False, host_header=None) -> bool:
    try:
        if tls:
            if not CADDY_ROOT.exists():
                return False
            context = ssl.create_default_context(cafile=str(CADDY_ROOT))
            connection = http.client.HTTPSConnection(host, port, timeout=2, context=context)
        else:
            connection = http.client.HTTPConnection(host, port, timeout=2)
        headers = {"Host": host_header} if host_header else {}
        connection.request("GET", path, headers=headers)
        status = connection.getresponse().status
        connection.close()
        return status < 500
    except (OSError, ssl.SSLError):
        return False


@contextmanager
def running_cluster():
    """Start the S3 stand-in, both instances and the balancer; stop them all afterwards."""
    if shutil.which("caddy") is None:
        sys.exit("Caddy is missing: `make caddy` installs Debian's package.")
    STATE.mkdir(exist_ok=True)
    env = app_environment()
    with ExitStack() as stack:
        stack.enter_context(
            process(
                [str(BASE_DIR / ".venv/bin/moto_server"), "-H", HOST, "-p", str(S3_PORT)],
                env,
                "s3",
                lambda: answers(HOST, S3_PORT, "/"),
            )
        )
        create_bucket(env)
        prepare_database(env)
        for port in INSTANCE_PORTS:
            stack.enter_context(
                process(
                    GUNICORN,
                    {**env, "GUNICORN_BIND": f"{HOST}:{port}"},
                    f"web-{port}",
                    lambda port=port: answers(HOST, port, "/healthz", host_header=HOST),
                )
            )
        stack.enter_context(
            process(
                ["caddy", "run", "--config", "deploy/Caddyfile", "--adapter", "caddyfile"],
                caddy_environment(),
                "caddy",
                lambda: answers(HOST, BALANCER_PORT, "/healthz", tls=True),
            )
        )
        yield ADDRESSES


def create_bucket(env: dict) -> None:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        region_name=env["AWS_S3_REGION_NAME"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
    )
    existing = {bucket["Name"] for bucket in client.list_buckets().get("Buckets", [])}
    if BUCKET not in existing:
        client.create_bucket(
            Bucket=BUCKET,
            CreateBucketConfiguration={"LocationConstraint": env["AWS_S3_REGION_NAME"]},
        )


def main() -> None:
    with running_cluster() as addresses:
        print("Two instances:", ", ".join(addresses.instances))
        print(f"Load balancer (Caddy, TLS): {addresses.balancer}/  (CA: {CADDY_ROOT})")
        print(f"Uploads: S3 bucket {BUCKET} at {addresses.s3}. Ctrl-C stops everything.")
        with suppress(KeyboardInterrupt):
            signal.pause()


if __name__ == "__main__":
    main()
