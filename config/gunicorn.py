"""Gunicorn, the web process in production: `gunicorn -c config/gunicorn.py config.wsgi`.

Read by gunicorn before Django starts, so it reads the environment itself rather than through
config.env (importing the config package would load the Celery app and Django's settings in the
master process). Every value can still be overridden on the command line.

WEB_CONCURRENCY   worker processes (default: the number of CPUs)
WEB_THREADS       threads per worker (default 4): a slow page or import does not hold a process
BIND              address to listen on (default 127.0.0.1:8000; a container wants 0.0.0.0:8000)
TRUSTED_PROXIES   comma-separated addresses of the reverse proxies whose X-Forwarded-* headers
                  are believed (default: a proxy on this machine only, 127.0.0.1 and ::1)
WEB_TIMEOUT       seconds a request may take before its worker is restarted (default 60)
"""

import multiprocessing
import os

# Production unless told otherwise (config.wsgi says the same; this covers the master too).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

wsgi_app = "config.wsgi:application"
bind = [os.environ.get("BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count())
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))

# A metric import of 100,000 rows takes about 13 s on PostgreSQL: 60 s leaves room, and a
# request stuck longer than that is better restarted than left holding a thread.
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Restart each worker now and then, so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# The workers' heartbeat files on tmpfs: a container's disk can stall them into false timeouts.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# X-Forwarded-Proto (https behind the proxy) is believed only from these addresses.
forwarded_allow_ips = ",".join(
    address.strip()
    for address in os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
    if address.strip()
)

# Gunicorn 24+ opens a control socket in $HOME by default: nothing here uses it, and two
# gunicorns on one machine would share the path. (Older gunicorns ignore the setting.)
control_socket_disable = True

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Who (and through which proxy), what, the answer, its size and how long it took in ms.
access_log_format = (
    '%(h)s %({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
)
