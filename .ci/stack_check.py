#!/usr/bin/env python3
"""The production stack, run for real: gunicorn, a Celery worker and beat on PostgreSQL and Redis.

Starts every process the way production does (production settings, gunicorn with
config/gunicorn.py, `celery worker`, `celery beat`), on a throwaway PostgreSQL database
(`anchors_stack`), the Redis on 6379 as the cache and a second Redis on 6380 as the broker only,
so stopping the broker leaves the cache up. Then, over HTTP as people would (cookies, CSRF
tokens, allauth's sign-in with its two-factor step):

1. the facilitator invites a person: the email arrives through the worker and its link works;
   a lead submits their organisation's values, and the facilitator returns one: its email arrives;
2. the broker is stopped: /healthz says "degraded" (200), and returning another value still
   succeeds — the page redirects with its message; the work waits in the outbox;
3. the broker is restarted: the relay (beat, every OUTBOX_RELAY_SECONDS) hands the work over and
   the email arrives, once;
4. the worker is killed with SIGKILL in the middle of a task (outbox.probe, which sleeps, then
   counts its run in the database); it is restarted: the task completes, exactly once;
5. the facilitator publishes the demo's draft quarterly report from its page: the worker makes
   its PDF (WeasyPrint, through the outbox), the file is written and is a PDF, and the report's
   page offers it for download, which answers with that PDF.

Prints what it measured — tasks sent, delivered, lost, duplicated — and fails if any was lost or
duplicated. Cleans up every process it started, its database and its files, even on failure.

    .venv/bin/python .ci/stack_check.py [--keep]   # --keep: leave the logs in the temp folder
"""

import argparse
import base64
import contextlib
import email
import hashlib
import hmac
import html
import json
import os
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
DATABASE = "anchors_stack"
CACHE_URL = os.environ.get("STACK_CACHE_URL", "redis://127.0.0.1:6379/3")
BROKER_PORT = int(os.environ.get("STACK_BROKER_PORT", "6380"))
DEMO_PASSWORD = "anchors-demo"  # noqa: S105 - the demo's published password
FACILITATOR, LEAD = "facilitator@example.org", "lead.elft@example.org"
# The facilitator's authenticator key for this run (base32), on a throwaway database.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105
RELAY_SECONDS = 2
VISIBILITY_TIMEOUT = 8
PROBE_SECONDS = 6
DEADLINE = 180  # seconds: the whole check must take under 3 minutes


class CheckFailed(Exception):
    pass


def say(message):
    print(f"[{time.monotonic() - STARTED:5.1f} s] {message}", flush=True)


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def wait_for(what, probe, timeout, interval=0.25):
    """Poll ``probe`` until it returns something truthy; that value. Fails after ``timeout``."""
    until = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > until:
            raise CheckFailed(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


# -- processes -------------------------------------------------------------------------------


class Processes:
    """Every process this check starts, each in its own process group, stopped at the end."""

    def __init__(self, logs: Path, env):
        self.logs, self.env, self.running = logs, env, {}

    def start(self, name, *argv):
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - closed by stop()
        process = subprocess.Popen(  # noqa: S603 - our own programs and arguments
            argv,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.running[name] = (process, log)
        return process

    def kill9(self, name):
        process, log = self.running.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        log.close()

    def stop(self, name):
        process, log = self.running.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()

    def stop_all(self):
        for name in list(self.running):
            self.stop(name)

    def alive(self, name) -> bool:
        return name in self.running and self.running[name][0].poll() is None

    def log(self, name) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")


def manage(env, *arguments) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [str(BIN / "python"), "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise CheckFailed(f"manage.py {arguments[0]} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def redis_cli(port, *arguments) -> str:
    result = subprocess.run(  # noqa: S603 - redis-cli with our arguments
        [shutil.which("redis-cli") or "redis-cli", "-h", "127.0.0.1", "-p", str(port), *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=10,
    )
    return result.stdout.strip()


def start_broker(work: Path):
    """A second Redis, as the broker only: stopping it must not stop the cache."""
    subprocess.run(  # noqa: S603 - redis-server with our arguments
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(BROKER_PORT),
            "--bind",
            "127.0.0.1",
            "--daemonize",
            "yes",
            "--save",
            "",
            "--appendonly",
            "no",
            "--pidfile",
            str(work / "broker.pid"),
            "--logfile",
            str(work / "logs" / "broker.log"),
        ],
        check=True,
    )
    wait_for("the broker to answer", lambda: redis_cli(BROKER_PORT, "ping") == "PONG", 10)


def stop_broker(work: Path):
    """Stop the broker this check started (its pid file says so), never another one."""
    pidfile = work / "broker.pid"
    if not pidfile.exists():
        return
    redis_cli(BROKER_PORT, "shutdown", "nosave")
    if pidfile.exists():  # it did not go: make sure
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pidfile.read_text().strip()), signal.SIGKILL)
        pidfile.unlink(missing_ok=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- the database ----------------------------------------------------------------------------


def pg(statement, *params, database=DATABASE, fetch=True):
    connection = psycopg2.connect(f"{PG_URL}/{database}")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if fetch else None
    finally:
        connection.close()


def recreate_database():
    drop_database()
    pg(
        sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)),
        database="postgres",
        fetch=False,
    )


def drop_database():
    pg(
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)),
        database="postgres",
        fetch=False,
    )


def outbox(task=None):
    """(id, task, args, done) of every outbox message, optionally of one task."""
    rows = pg(
        "SELECT id, task, args, done_at IS NOT NULL, last_error FROM outbox_outboxmessage "
        "ORDER BY id"
    )
    return [row for row in rows if task is None or row[1] == task]


# -- HTTP as a person ------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # each redirect is looked at, then followed by hand


class Person:
    """One browser: its own cookies; reads CSRF tokens from forms as a browser posts them."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect
        )

    def request(self, path, data=None):
        url = path if path.startswith("http") else self.base + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        expect(url.startswith(self.base), f"{url} is not the portal under test")
        request = urllib.request.Request(  # noqa: S310 - http on 127.0.0.1, checked above
            url, data=body, headers={"Referer": self.base + "/"}
        )
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=30) as response:
                status, headers, text = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, text = error.code, error.headers, error.read()
        self.took = time.monotonic() - started
        return status, headers, text.decode(errors="replace")

    def get(self, path):
        return self.request(path)

    def follow(self, status, headers, text):
        while status in (301, 302, 303):
            status, headers, text = self.get(headers["Location"])
        return status, headers, text

    def post_form(self, path, fields, page=None):
        """Post ``fields`` with the CSRF token of the form on ``page`` (fetched if not given)."""
        if page is None:
            status, _, page = self.get(path)
            expect(status == 200, f"GET {path} answered {status}")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        expect(token, f"no CSRF token on {path}")
        return self.request(path, {"csrfmiddlewaretoken": token.group(1), **fields})

    def sign_in(self, login, password=DEMO_PASSWORD):
        status, headers, _ = self.post_form(
            "/accounts/login/", {"login": login, "password": password}
        )
        expect(status == 302, f"signing in as {login} answered {status}")
        if "/2fa/" in headers["Location"]:
            status, headers, page = self.post_form(headers["Location"], {"code": totp(TOTP_SECRET)})
            expect(
                status == 302,
                f"the two-factor step for {login} answered {status}: {problems(page)}",
            )
        status, _, page = self.follow(status, headers, "")
        expect(status == 200 and "Sign out" in page, f"{login} is not signed in")


def problems(page) -> str:
    """The error summary's messages on a page, for a failure's explanation."""
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", summary.group(1))).strip() if summary else ""


def totp(secret, at=None) -> str:
    """RFC 6238 (what an authenticator app shows): HMAC-SHA1, 30 s, 6 digits."""
    counter = int((at or time.time()) // 30)
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def form_fields(page, marker) -> dict:
    """The fields a browser would send from the page's form whose tag holds ``marker`` (inputs
    and textareas)."""
    start = page.index(marker)
    page = page[start : page.index("</form>", start)]
    fields = {}
    for tag in re.finditer(r"<input\b[^>]*>", page):
        attributes = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(0)))
        if (
            attributes.get("type") in ("file", "submit", "checkbox", "radio")
            or "name" not in attributes
        ):
            continue
        fields[attributes["name"]] = html.unescape(attributes.get("value", ""))
    for area in re.finditer(r'<textarea\b[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[area.group(1)] = html.unescape(area.group(2)).lstrip("\n")
    return fields


# -- email -----------------------------------------------------------------------------------


def emails(folder: Path) -> list:
    """Every email the file backend wrote: (to, subject, body)."""
    found = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk.strip())
            body = message.get_payload(decode=True) or b""
            found.append((message["To"], message["Subject"], body.decode(errors="replace")))
    return found


# -- the check -------------------------------------------------------------------------------


STARTED = time.monotonic()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the logs and emails")
    keep = parser.parse_args().keep
    work = Path(tempfile.mkdtemp(prefix="anchors-stack-"))
    for folder in ("logs", "email", "media"):
        (work / folder).mkdir()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),  # a throwaway, for this run only
        ALLOWED_HOSTS="127.0.0.1",
        UNSAFE_PLAIN_HTTP_FOR_CI="1",
        DATABASE_URL=f"{PG_URL}/{DATABASE}",
        REDIS_URL=CACHE_URL,
        CELERY_BROKER_URL=f"redis://127.0.0.1:{BROKER_PORT}/0",
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        OUTBOX_RELAY_SECONDS=str(RELAY_SECONDS),
        EMAIL_URL=f"filemail:///{work / 'email'}",
        MEDIA_ROOT=str(work / "media"),
        SITE_URL=f"http://127.0.0.1:{port}",
        DEMO_PASSWORD=DEMO_PASSWORD,
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    processes = Processes(work / "logs", env)
    figures = {}
    failed = None
    try:
        figures = run(work, env, processes, port)
    except CheckFailed as error:
        failed = str(error)
    except Exception as error:  # noqa: BLE001 - reported, and everything is still cleaned up
        traceback.print_exc()
        failed = f"{type(error).__name__}: {error}"
    finally:
        processes.stop_all()
        stop_broker(work)
        with contextlib.suppress(Exception):
            drop_database()
        db = CACHE_URL.rsplit("/", 1)[-1]
        redis_cli(6379, "-n", db, "flushdb")
        if failed or keep:
            print(f"Logs and emails kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    took = time.monotonic() - STARTED
    print(
        "Stack check: tasks sent {sent}, delivered {delivered}, lost {lost}, duplicated "
        "{duplicated}; broker outage survived in {outage:.1f} s; killed task finished once in "
        "{killed:.1f} s; report PDF made by the worker in {pdf:.1f} s; {took:.0f} s in "
        "all".format(
            took=took,
            **{
                "sent": "?",
                "delivered": "?",
                "lost": "?",
                "duplicated": "?",
                "outage": 0.0,
                "killed": 0.0,
                "pdf": 0.0,
                **figures,
            },
        ),
    )
    if failed:
        print(f"FAILED: {failed}", file=sys.stderr)
        return 1
    if took >= DEADLINE:
        print(
            f"FAILED: took {took:.0f} s (the check must finish in under 3 minutes)", file=sys.stderr
        )
        return 1
    return 0


def run(work, env, processes, port):
    base = f"http://127.0.0.1:{port}"
    expect(
        redis_cli(BROKER_PORT, "ping") != "PONG",
        f"something already answers on port {BROKER_PORT}: stop it or set STACK_BROKER_PORT",
    )
    start_broker(work)
    redis_cli(6379, "-n", CACHE_URL.rsplit("/", 1)[-1], "flushdb")
    recreate_database()
    say("database, cache and broker ready; migrating, collecting static files, loading the demo")
    static = processes.start(
        "collectstatic", str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "--force", "--quiet-logins")
    manage(env, "shell", "-c", ENROL_FACILITATOR.format(email=FACILITATOR, secret=TOTP_SECRET))
    expect(static.wait(timeout=120) == 0, f"collectstatic failed: {processes.log('collectstatic')}")
    processes.stop("collectstatic")

    say("starting gunicorn, a worker and beat")
    processes.start("web", str(BIN / "gunicorn"), "-c", "config/gunicorn.py")
    start_worker(processes)
    processes.start("beat", str(BIN / "celery"), "-A", "config", "beat", "-l", "INFO")
    health = Person(base)

    def healthy():
        try:
            status, _, text = health.get("/healthz")
        except urllib.error.URLError:
            return False  # gunicorn is not listening yet
        return status == 200 and json.loads(text)["status"] == "ok" and json.loads(text)

    body = wait_for("/healthz to say ok", healthy, 60)
    say(f"/healthz: {body}")

    facilitator, lead = Person(base), Person(base)
    facilitator.sign_in(FACILITATOR)
    lead.sign_in(LEAD)
    say("the facilitator and a lead are signed in")

    # 1. An invitation, and a returned value, with everything up.
    invited = invite(facilitator, work)
    invitation = [m for m in emails(work / "email") if m[0] == invited][0]
    link = re.search(r"https?://\S+/invitations/\S+/", invitation[2]).group(0)
    newcomer = Person(base)
    status, _, page = newcomer.get(link)
    expect(status == 200 and "Set your password" in page, f"the emailed link answered {status}")
    status, _, _ = newcomer.post_form(
        link,
        {"new_password1": "stack-check-pass-42", "new_password2": "stack-check-pass-42"},
        page=page,
    )
    expect(status == 302, f"setting a password through the link answered {status}")
    say(f"invitation emailed through the worker to {invited}; its link set a password")

    (value_id, code), *_ = pg(
        "SELECT v.id, m.code FROM metrics_metricvalue v"
        " JOIN metrics_metric m ON m.id = v.metric_id"
        " JOIN anchors_membership ms ON ms.organisation_id = v.organisation_id"
        " JOIN anchors_person p ON p.id = ms.person_id"
        " WHERE p.email = %s AND v.state = 'submitted' ORDER BY v.period_id DESC, v.id",
        LEAD,
    )
    first_reason = "Stack check: the count includes withdrawn starts."
    return_value(facilitator, value_id, first_reason)
    wait_for("the first return's email", lambda: mails_with(work, first_reason), 30)
    say(f"{code} returned by the facilitator; its email arrived through the worker")
    submit_as_lead(lead, value_id)
    say(f"the lead corrected {code} in their grid and submitted it again")

    # 2. The broker stops; people carry on.
    seen = {name: len(processes.log(name)) for name in ("worker", "beat")}
    stop_broker(work)
    outage_started = time.monotonic()
    status, _, text = health.get("/healthz")
    body = json.loads(text)
    expect(
        status == 200 and body["status"] == "degraded" and body["broker"] == "failed",
        f"/healthz with the broker down answered {status} {body}",
    )
    say(f"broker stopped; /healthz: {status} {body['status']}, broker {body['broker']}")
    second_reason = "Stack check: returned while the broker was down."
    took = return_value(facilitator, value_id, second_reason)
    waiting = [row for row in outbox("metrics.notify_value_returned") if not row[3]]
    expect(
        len(waiting) == 1 and "hand-over" in waiting[0][4],
        f"the return's email is not waiting in the outbox: {waiting}",
    )
    say(
        f"{code} returned again with the broker down: the page redirected with its message "
        f"in {took:.2f} s; its email waits in the outbox ({waiting[0][4][:60]}…)"
    )

    # The broker stays down until the worker has lost it and beat has failed to send the relay.
    wait_for(
        "the worker and beat to notice the broker is down",
        lambda: (
            "Cannot connect" in processes.log("worker")[seen["worker"] :]
            and "Error 111" in processes.log("beat")[seen["beat"] :]
        ),
        30,
    )
    say("the worker lost the broker and beat failed to send the relay: both keep running")

    # 3. The broker comes back: the relay hands the work over; the email arrives once.
    start_broker(work)
    down = time.monotonic() - outage_started
    wait_for(
        "the email of the value returned during the outage",
        lambda: mails_with(work, second_reason),
        60,
    )
    outage = time.monotonic() - outage_started
    say(
        f"broker restarted after {down:.1f} s down: the waiting email arrived {outage:.1f} s "
        "after the outage began"
    )

    # The web processes publish again as soon as the broker is back (not only the relay).
    started = time.monotonic()
    later = invite(facilitator, work)
    ((attempts, error),) = pg(
        "SELECT attempts, last_error FROM outbox_outboxmessage WHERE task = %s "
        "ORDER BY id DESC LIMIT 1",
        "anchors.send_invitation_email",
    )
    expect(
        (attempts, error) == (1, ""),
        f"after the outage the web handed over on its {attempts}th attempt: {error}",
    )
    say(f"after the outage, another invitation was emailed in {time.monotonic() - started:.1f} s")

    # 4. kill -9 the worker in the middle of a task; restart it; the task runs once.
    message_id = int(
        manage(env, "shell", "-c", ENQUEUE_PROBE.format(seconds=PROBE_SECONDS))
        .strip()
        .splitlines()[-1]
    )
    started = wait_for(
        "the probe to start on the worker",
        lambda: "Outbox probe kill-9 started" in processes.log("worker") and time.monotonic(),
        30,
    )
    time.sleep(1)  # well inside its PROBE_SECONDS of work
    processes.kill9("worker")
    expect(not probe_runs(), "the probe finished before the worker was killed")
    say("worker killed with SIGKILL in the middle of the probe task")
    # Redis gives an unacknowledged task to the next worker that starts once it has waited the
    # visibility timeout (CELERY_VISIBILITY_TIMEOUT, an hour in production).
    time.sleep(max(0.0, started + VISIBILITY_TIMEOUT + 1 - time.monotonic()))
    start_worker(processes)
    wait_for("the killed probe to complete", lambda: probe_runs() >= 1, 60)
    killed = time.monotonic() - started
    # A further delivery (the relay runs every RELAY_SECONDS) would have run by now.
    time.sleep(RELAY_SECONDS * 2)
    deliveries = processes.log("worker").count("Outbox probe kill-9 started")
    ((done,),) = pg(
        "SELECT done_at IS NOT NULL FROM outbox_outboxmessage WHERE id = %s", message_id
    )
    expect(done, "the probe's outbox message is not marked done")
    say(
        f"worker restarted: the probe completed {killed:.1f} s after it first started; started "
        f"{deliveries} times, counted {probe_runs()} run"
    )

    # 5. The quarterly report's PDF, made by the worker from the page's "Publish".
    pdf_seconds, pdf_size = publish_report(facilitator, work)
    say(
        f"the facilitator published the draft report: the worker wrote its PDF ({pdf_size:,} "
        f"bytes) {pdf_seconds:.1f} s later, and the report's page offers it"
    )

    messages = outbox()
    sent = len(messages)
    delivered = sum(1 for row in messages if row[3])
    duplicated = (
        sum(len([m for m in emails(work / "email") if m[0] == to]) - 1 for to in (invited, later))
        + (len(mails_with(work, first_reason)) - 1)
        + (len(mails_with(work, second_reason)) - 1)
        + (probe_runs() - 1)
    )
    figures = {
        "sent": sent,
        "delivered": delivered,
        "lost": sent - delivered,
        "duplicated": duplicated,
        "outage": outage,
        "killed": killed,
        "pdf": pdf_seconds,
    }
    expect(figures["lost"] == 0, f"{figures['lost']} tasks were lost: {messages}")
    expect(duplicated == 0, f"{duplicated} tasks ran twice")
    for name in ("web", "worker", "beat"):
        expect(processes.alive(name), f"{name} stopped during the check: see its log")
    status, _, text = health.get("/healthz")
    say(f"/healthz at the end: {status} {text}; web, worker and beat still running")
    return figures


# The facilitator's authenticator app holds this run's key (replacing any the demo gave them).
ENROL_FACILITATOR = """
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from anchors.models import User
Authenticator.objects.update_or_create(
    user=User.objects.get(email="{email}"),
    type=Authenticator.Type.TOTP,
    defaults={{"data": {{"secret": encrypt("{secret}")}}}},
)
"""

ENQUEUE_PROBE = """
from django.db import transaction
from anchors.common.tasks import enqueue
with transaction.atomic():
    message = enqueue("outbox.probe", "kill-9", seconds={seconds}, key="stack-check:kill-9")
print(message.pk)
"""


def start_worker(processes):
    processes.start(
        "worker",
        str(BIN / "celery"),
        "-A",
        "config",
        "worker",
        "-l",
        "INFO",
        "--concurrency",
        "1",
        "--hostname",
        "stack@%h",
    )


def probe_runs() -> int:
    rows = pg("SELECT count FROM outbox_heartbeat WHERE name = 'probe:kill-9'")
    return rows[0][0] if rows else 0


def mails_with(work, text):
    return [m for m in emails(work / "email") if text in m[2]]


def return_value(facilitator, value_id, reason) -> float:
    """The facilitator returns a value from its page; how long the POST took."""
    status, _, page = facilitator.get(f"/metrics/values/{value_id}/")
    expect(status == 200, f"the value page answered {status}")
    fields = form_fields(page, f'action="/metrics/values/{value_id}/return/"')
    status, headers, _ = facilitator.post_form(
        f"/metrics/values/{value_id}/return/",
        {"version": fields["version"], "reason": reason},
        page=page,
    )
    took = facilitator.took
    expect(status == 302, f"returning value {value_id} answered {status}")
    status, _, page = facilitator.follow(status, headers, "")
    expect(
        status == 200 and "returned with your reason" in page,
        "the page after returning a value does not say so",
    )
    return took


def invite(facilitator, work) -> str:
    """The facilitator invites the next person without a login; their address, once the
    invitation email has arrived."""
    person_id, address = pg(
        "SELECT id, email FROM anchors_person WHERE user_id IS NULL AND email <> '' "
        "AND NOT EXISTS (SELECT 1 FROM anchors_invitation i WHERE i.person_id = anchors_person.id)"
        " ORDER BY id LIMIT 1"
    )[0]
    status, _, page = facilitator.get(f"/people/{person_id}/")
    expect(status == 200, f"the person's page answered {status}")
    status, _, _ = facilitator.post_form(f"/people/{person_id}/invite/", {}, page=page)
    expect(status == 302, f"inviting answered {status}")
    wait_for(
        f"the invitation to {address}",
        lambda: [m for m in emails(work / "email") if m[0] == address],
        30,
    )
    return address


def publish_report(facilitator, work) -> tuple[float, int]:
    """The facilitator publishes the demo's draft report from its page (the view calls
    ``report_publish``, which enqueues the PDF task through the outbox); the worker makes the PDF.
    How long after publishing the page offered it, and its size."""
    drafts = pg("SELECT id FROM governance_report WHERE state = 'draft' ORDER BY id")
    expect(drafts, "the demo has no draft report to publish")
    ((report_id,),) = drafts[:1]
    page_url = f"/governance/reports/{report_id}/"
    status, _, page = facilitator.get(page_url)
    expect(status == 200, f"the draft report's page answered {status}")
    fields = form_fields(page, f'action="/governance/reports/{report_id}/publish/"')
    expect("version" in fields, "the draft report's page has no publish form")
    started = time.monotonic()
    status, headers, _ = facilitator.post_form(
        f"/governance/reports/{report_id}/publish/", {"version": fields["version"]}, page=page
    )
    expect(status == 302, f"publishing the report answered {status}")
    status, _, page = facilitator.follow(status, headers, "")
    expect(
        status == 200 and "Report published" in page,
        f"the page after publishing does not say so: {problems(page)}",
    )

    def ready():
        ((state, name, error),) = pg(
            "SELECT pdf_state, pdf, pdf_error FROM governance_report WHERE id = %s", report_id
        )
        expect(state != "failed", f"the PDF task failed: {error}")
        return state == "ready" and name

    name = wait_for("the worker to write the report's PDF", ready, 90)
    took = time.monotonic() - started
    path = work / "media" / name
    expect(path.is_file(), f"the PDF is not where the report says: {path}")
    written = path.read_bytes()
    expect(written.startswith(b"%PDF") and b"%%EOF" in written[-1024:], f"{path} is no PDF")
    # The report's page offers the PDF, and the link answers with that file.
    status, _, page = facilitator.get(page_url)
    link = f'href="/governance/reports/{report_id}/pdf/"'
    expect(status == 200 and link in page, "the published report's page does not offer the PDF")
    status, headers, body = facilitator.request(f"/governance/reports/{report_id}/pdf/")
    expect(
        status == 200 and headers["Content-Type"] == "application/pdf",
        f"the PDF link answered {status} {headers.get('Content-Type')}",
    )
    expect(
        "governance.report_pdf_make" in worker_log(work),
        "the worker's log does not show it made the PDF",
    )
    ((done,),) = pg(
        "SELECT bool_and(done_at IS NOT NULL) FROM outbox_outboxmessage WHERE task = %s",
        "governance.report_pdf_make",
    )
    expect(done, "the PDF task's outbox message is not marked done")
    return took, len(written)


def worker_log(work) -> str:
    return (work / "logs" / "worker.log").read_text(errors="replace")


def submit_as_lead(lead, value_id):
    """The lead opens their organisation's grid for the value's period and submits it."""
    ((period,),) = pg("SELECT period_id FROM metrics_metricvalue WHERE id = %s", value_id)
    grid = f"/metrics/submit/{period}/"
    status, _, page = lead.get(grid)
    expect(status == 200, f"the lead's grid answered {status}")
    fields = form_fields(page, 'enctype="multipart/form-data"')
    expect(len(fields) > 1, "the lead's grid has nothing to submit")
    status, headers, _ = lead.request(grid, {**fields, "action": "submit"})
    expect(status == 302, f"submitting the grid answered {status}")
    status, _, page = lead.follow(status, headers, "")
    expect(status == 200, f"the grid after submitting answered {status}")
    ((state,),) = pg("SELECT state FROM metrics_metricvalue WHERE id = %s", value_id)
    expect(
        state in ("submitted", "resubmitted"),
        f"the value is {state} after the lead submitted their grid",
    )


if __name__ == "__main__":
    sys.exit(main())
