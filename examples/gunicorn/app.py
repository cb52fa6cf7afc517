"""A small CMS shaped like the one schemagate was built for: notes, tokens and sessions in one SQLite file.

gunicorn imports this module in every worker. On start each worker reads the sessions table, which only the
last migration creates: a worker started on an incomplete schema fails to boot, as the CMS's workers did.
The app runs no DDL; schemagate's daemon applies the migrations in migrations/ and gunicorn.conf.py (or the
systemd unit's ExecStartPre=) holds gunicorn back until the daemon says READY.
"""
import os
import sqlite3

from flask import Flask, jsonify

DB = os.environ.get("CMS_DB", "cms.db")


def connect():
    return sqlite3.connect(DB, timeout=30)


def _what_this_worker_saw():
    """What the schema looked like when this worker started; fails on a schema without sessions."""
    with connect() as c:
        active = c.execute("SELECT count(*) FROM sessions WHERE expires_at > strftime('%s', 'now')").fetchone()[0]
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")]
        version = c.execute("SELECT version FROM schemagate_history ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    return {"pid": os.getpid(), "tables": tables, "version": version, "active_sessions": active}


STARTED = _what_this_worker_saw()
app = Flask(__name__)


@app.get("/")
def index():
    """Which worker answered, and the schema it started on (the tests count distinct pids)."""
    return jsonify(worker=STARTED)


@app.get("/notes")
def notes():
    with connect() as c:
        rows = c.execute("SELECT id, title, body FROM notes ORDER BY id").fetchall()
    return jsonify(notes=[{"id": i, "title": t, "body": b} for i, t, b in rows])
