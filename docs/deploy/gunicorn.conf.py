"""gunicorn settings of one Accord server process (the production set-up, docs/deploy/).

Run one gunicorn per port, each with ONE gevent worker: a Socket.IO connection lives in the
process that opened it (a long-polling client's next request must reach the same process, so
nginx keeps each client on one port; see nginx.conf), and Redis (``REDIS_URL``) carries the
live events and the presence counts between the processes. Several workers behind one
gunicorn port would share the listening socket and break that stickiness.

    ACCORD_PORT=8001 REDIS_URL=redis://127.0.0.1:6379/0 DATABASE_URL=postgresql://... \\
      ACCORD_PROXIES=1 gunicorn -c docs/deploy/gunicorn.conf.py 'server.serve:application()'

Run ``accord db upgrade`` once before starting them. ``ACCORD_BACKGROUND=0`` on all but one
process: the inbox's daily digests are sent by one process (silence procedures are settled
safely by any number). ``bench/scaleout.py`` starts this very file (with nginx.conf) and
measures it.
"""

from __future__ import annotations

import os
from typing import Any

# gevent's cooperative worker, as `accord serve` (../shared/STACK.md: 3-10x the threading
# fan-out); gunicorn sets TCP_NODELAY on accepted sockets itself.
worker_class = "gevent"
workers = 1
#: Connections one worker holds at once (live clients stay connected).
worker_connections = int(os.environ.get("ACCORD_WORKER_CONNECTIONS", "20000"))
bind = [f"{os.environ.get('ACCORD_HOST', '127.0.0.1')}:{os.environ.get('ACCORD_PORT', '8001')}"]
backlog = 2048
#: Longer than nginx's upstream keep-alive (it reuses its connections to the worker).
keepalive = 75
#: A gevent worker that has not reported for this long is restarted by the arbiter.
timeout = 60
graceful_timeout = 15
#: The history's signing key is read from ACCORD_INSTANCE_DIR; nothing is loaded early.
preload_app = False
accesslog = None if os.environ.get("ACCORD_QUIET") == "1" else "-"
errorlog = "-"
loglevel = "warning"
proc_name = f"accord:{os.environ.get('ACCORD_PORT', '8001')}"
#: nginx on the same host sets X-Forwarded-*; the app trusts it as ACCORD_PROXIES says.
forwarded_allow_ips = os.environ.get("ACCORD_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker: Any) -> None:
    """The app is loaded in the worker: start its background tasks, then say it serves."""
    from server.serve import start_background, start_listening

    start_listening(worker.wsgi)
    if os.environ.get("ACCORD_BACKGROUND", "1") != "0":
        start_background(worker.wsgi)
    host, port = worker.cfg.bind[0].rsplit(":", 1)
    print(f"Accord is serving on http://{host}:{port}", flush=True)
