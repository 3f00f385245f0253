"""Who is in the room: connected subscribers per process and delegation.

One server process counts its own connections (:class:`Presence`). Several processes behind a
load balancer share their counts through Redis (:class:`SharedPresence`): each process keeps
its counts in a hash of its own, which expires unless the process renews it (every
``ttl / 3`` seconds), so the clients of a process that died vanish from everyone's count
within ``ttl`` seconds; the count of a process is the sum over the live hashes.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

#: Seconds after which a silent server process's connections no longer count.
PRESENCE_TTL = 30.0


class Presence:
    """Connected subscribers per process and delegation, in this server process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[int, Counter[int | None]] = {}

    def change(self, process_id: int, delegation_id: int | None, delta: int) -> None:
        with self._lock:
            counts = self._counts.setdefault(process_id, Counter())
            counts[delegation_id] += delta
            if counts[delegation_id] <= 0:
                del counts[delegation_id]
            if not counts:
                del self._counts[process_id]
            self._changed(process_id, delegation_id, counts.get(delegation_id, 0))

    def _changed(self, process_id: int, delegation_id: int | None, count: int) -> None:
        """Called under the lock with the new count (the shared kind writes it through)."""

    def local(self, process_id: int) -> dict[int | None, int]:
        with self._lock:
            return dict(self._counts.get(process_id, {}))

    def of(self, process_id: int) -> dict[int | None, int]:
        return self.local(process_id)

    def start(self, spawn: Callable[[Callable[[], None]], Any]) -> None:
        """Start what keeps the counts alive (nothing, in one process)."""


def field_of(process_id: int, delegation_id: int | None) -> str:
    """The hash field of one process's delegation (``-``: people of no delegation).

    >>> field_of(3, None), field_of(3, 12)
    ('3:-', '3:12')
    """
    return f"{process_id}:{'-' if delegation_id is None else delegation_id}"


def parse_field(field: str) -> tuple[int, int | None]:
    """>>> parse_field('3:-'), parse_field('3:12')
    ((3, None), (3, 12))
    """
    process, _, delegation = field.partition(":")
    return int(process), None if delegation == "-" else int(delegation)


class SharedPresence(Presence):
    """The counts of every server process of a deployment, through Redis."""

    def __init__(self, redis: Any, deployment: str, ttl: float = PRESENCE_TTL,
                 host: str | None = None) -> None:
        super().__init__()
        self.redis = redis
        self.ttl = ttl
        self.host = host or uuid.uuid4().hex
        self.prefix = f"accord:{deployment}:presence"
        self.hosts_key = f"{self.prefix}:hosts"

    @classmethod
    def from_url(cls, url: str, deployment: str, ttl: float = PRESENCE_TTL) -> SharedPresence:
        import redis

        return cls(redis.Redis.from_url(url, socket_timeout=5, decode_responses=True),
                   deployment, ttl)

    def key_of(self, host: str) -> str:
        return f"{self.prefix}:{host}"

    def _changed(self, process_id: int, delegation_id: int | None, count: int) -> None:
        key, field = self.key_of(self.host), field_of(process_id, delegation_id)
        try:
            pipe = self.redis.pipeline(transaction=True)
            if count > 0:
                pipe.hset(key, field, count)
            else:
                pipe.hdel(key, field)
            pipe.pexpire(key, int(self.ttl * 1000))
            pipe.sadd(self.hosts_key, self.host)
            pipe.execute()
        except Exception:  # Redis away: the next renewal writes every count again
            log.exception("writing presence to Redis failed")

    def renew(self) -> None:
        """Write this process's counts again, whole, with a fresh expiry."""
        with self._lock:
            mapping = {field_of(process, delegation): n
                       for process, counts in self._counts.items()
                       for delegation, n in counts.items()}
            key = self.key_of(self.host)
            pipe = self.redis.pipeline(transaction=True)
            pipe.delete(key)
            if mapping:
                pipe.hset(key, mapping=mapping)
                pipe.pexpire(key, int(self.ttl * 1000))
            pipe.sadd(self.hosts_key, self.host)
            pipe.execute()

    def of(self, process_id: int) -> dict[int | None, int]:
        try:
            hosts = sorted(self.redis.smembers(self.hosts_key))
            pipe = self.redis.pipeline(transaction=False)
            for host in hosts:
                pipe.hgetall(self.key_of(host))
                pipe.exists(self.key_of(host))
            replies = pipe.execute()
        except Exception:  # Redis away: this process's own count is what is known
            log.exception("reading presence from Redis failed")
            return self.local(process_id)
        total: Counter[int | None] = Counter()
        gone = []
        for host, counts, exists in zip(hosts, replies[::2], replies[1::2], strict=True):
            if not exists and host != self.host:
                gone.append(host)  # expired: that process stopped renewing
                continue
            for field, n in counts.items():
                process, delegation = parse_field(field)
                if process == process_id and int(n) > 0:
                    total[delegation] += int(n)
        if self.host not in hosts:
            total.update(self.local(process_id))
        if gone:
            try:
                self.redis.srem(self.hosts_key, *gone)
            except Exception:
                log.exception("forgetting expired presence failed")
        return dict(total)

    def start(self, spawn: Callable[[Callable[[], None]], Any]) -> None:
        spawn(self._renew_forever)

    def _renew_forever(self) -> None:
        while True:
            try:
                self.renew()
            except Exception:
                log.exception("renewing presence in Redis failed")
            time.sleep(self.ttl / 3)

    def close(self) -> None:
        """This process stops: its connections no longer count (a clean shutdown)."""
        try:
            self.redis.delete(self.key_of(self.host))
            self.redis.srem(self.hosts_key, self.host)
        except Exception:
            log.exception("removing presence from Redis failed")


def presence_for(redis_url: str | None, deployment: str,
                 ttl: float = PRESENCE_TTL) -> Presence:
    """Shared through Redis when the deployment has one, else this process's own."""
    if redis_url:
        return SharedPresence.from_url(redis_url, deployment, ttl)
    return Presence()
