"""gunicorn settings for the example CMS: the master waits for schemagate once, before it forks any worker.

    SCHEMAGATE_SOCKET=/run/schemagate/schemagate.sock CMS_DB=/var/lib/cms/cms.db gunicorn -c gunicorn.conf.py app:app

SCHEMAGATE_TIMEOUT (default 120s) bounds the wait. When the daemon says FAILED (or does not answer), gunicorn
exits with the waiter's code (70 a migration failed, 65 bad files, 69 no daemon, 75 timeout, 78 bad setting)
and the reason in its log, without having bound its address or started a worker.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import schemagate_wait  # noqa: E402  (beside this file)

bind = os.environ.get("CMS_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("CMS_WORKERS", "4"))


def on_starting(server):
    """Runs in the master before it binds or forks: one wait per start, however many workers follow."""
    code = schemagate_wait.main(["--app", "cms"], out=sys.stderr)
    if code != 0:
        sys.exit(code)
