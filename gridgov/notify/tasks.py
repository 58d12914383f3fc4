"""The background jobs of outbound notifications, on Django's tasks framework (the ``django-tasks`` backport) with
its database backend (``django-tasks-db``).

Why this queue: it needs no service beyond the database gridgov already has — one table, on SQLite (a worker
claims a job in an exclusive transaction) and on PostgreSQL (``SELECT … FOR UPDATE SKIP LOCKED``, so any number of
workers share it without taking the same job twice); its API is the one Django 6 ships (``@task``,
``.enqueue()``, ``run_after``), so moving to the built-in framework later is an import change; Celery, RQ or Huey
would each add a broker (Redis, RabbitMQ) or a second store to install and watch. Jobs are enqueued only once the
transaction that made their data has committed (``transaction.on_commit``), so a job never looks for rows that a
rollback took back.

Jobs run in the worker loop (``run_forever``: a thread of ``gridgov serve``, and of ``gridgov worker`` beside the
scan), not in django-tasks-db's own ``db_worker`` command: the loop claims jobs the same way, but waits with
``Event.wait`` (no ``time.sleep``, so it stops at once) and never closes a connection a caller is using.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Any

from django.db import close_old_connections, transaction
from django.db.utils import OperationalError
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import task

from .models import Delivery, DeliveryStatus

log = logging.getLogger(__name__)
STALE = timedelta(minutes=10)  # a delivery "sending" this long: its worker died mid-send; it is tried again
KEEP_RESULTS = timedelta(days=7)  # finished jobs' rows are deleted after this


@task()
def plan_deliveries(notification_id: int) -> int:
    from .deliveries import plan

    return len(plan(notification_id))


@task()
def deliver(delivery_id: int) -> str:
    from .deliveries import attempt

    return attempt(delivery_id)


def after_notify(notification: Any) -> None:
    """Called by ``notify`` inside the action's transaction: plan the deliveries once it commits (nothing at all
    when no channel is enabled, the default)."""
    from .deliveries import enabled_channels

    if enabled_channels.get():
        pk = notification.pk
        transaction.on_commit(lambda: plan_deliveries.enqueue(pk))


# -- the worker loop -------------------------------------------------------------------------------------------------

def run_pending(worker_id: str | None = None, limit: int | None = None) -> int:
    """Run the jobs that are due, one claimed at a time, until none is left (or ``limit``); returns how many ran.
    Several loops, threads or processes may run this at once: each job is claimed by one of them."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

    worker_id = worker_id or get_random_string(32)
    runner = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id=worker_id, excluded_queue_names=[])
    ran = 0
    while limit is None or ran < limit:
        ready = DBTaskResult.objects.ready().filter(backend_name="default")
        try:
            with exclusive_transaction(ready.db):
                job = ready.get_locked()
                if job is not None:
                    job.claim(worker_id)
        except OperationalError as exc:
            if is_locked_database_exception(exc):
                break  # SQLite busy past its timeout: the next round tries again
            raise
        if job is None:
            break
        runner.run_task(job)
        ran += 1
    return ran


def recover(now: datetime | None = None) -> int:
    """Deliveries left "sending" by a worker that died mid-send are waiting again (and queued)."""
    from .deliveries import enqueue_on_commit

    now = now or timezone.now()
    stale = list(Delivery.objects.filter(status=DeliveryStatus.SENDING, due_at__lt=now - STALE))
    for d in stale:
        with transaction.atomic():
            if Delivery.objects.filter(pk=d.pk, status=DeliveryStatus.SENDING).update(
                    status=DeliveryStatus.PENDING, due_at=now):
                d.due_at = now
                enqueue_on_commit(d)
    return len(stale)


def prune(now: datetime | None = None) -> int:
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    return DBTaskResult.objects.finished().filter(finished_at__lt=now - KEEP_RESULTS).delete()[0]


def run_forever(interval: float, stop: threading.Event | None = None) -> None:
    """Run due jobs every ``interval`` seconds until ``stop`` is set (a thread of serve, or of worker)."""
    stop = stop or threading.Event()
    worker_id = get_random_string(32)
    rounds = 0
    while not stop.is_set():
        try:
            close_old_connections()
            run_pending(worker_id)
            if rounds % max(int(3600 / max(interval, 0.1)), 1) == 0:  # about once an hour
                recover()
                prune()
            rounds += 1
        except Exception:  # noqa: BLE001 - the loop must survive a failed round; it is logged and retried
            log.exception("job queue round failed")
        finally:
            close_old_connections()
        stop.wait(interval)
