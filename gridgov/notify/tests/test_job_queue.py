"""The job queue (django-tasks with its database backend) shared by several workers: each delivery is sent once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gridgov.notify.models import Channel, ChannelKind, Delivery
from gridgov.notify.tasks import deliver, run_pending

from .receiver import Receiver


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_from_the_queue_never_deliver_the_same_message_twice():
    receiver = Receiver()
    try:
        robot = Channel.objects.create(name="r", kind=ChannelKind.WECOM, url=f"{receiver.url}/send?key=K")
        now = timezone.now()
        made = Delivery.objects.bulk_create(
            Delivery(channel=robot, kind="dispatched", text=f"C-{i}", created_at=now, due_at=now) for i in range(24))
        for d in made:
            deliver.enqueue(d.pk)
            deliver.enqueue(d.pk)  # the same delivery queued twice (a retry met a recovery): still sent once
        start = threading.Barrier(2)
        ran: list[int] = []

        def worker(name: str) -> None:
            try:
                start.wait()
                ran.append(run_pending(name))
            finally:
                connection.close()

        threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        receiver.close()
    texts = [r["json"]["text"]["content"] for r in receiver.requests]
    assert sorted(texts) == sorted(f"C-{i}" for i in range(24))  # every message once, none twice
    assert sum(ran) == 48 and DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 48
    assert all(len(r.worker_ids) == 1 for r in DBTaskResult.objects.all())  # each job claimed by one worker
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


class OneRound(threading.Event):
    """A stop signal that lets the loop run once."""

    def wait(self, timeout: float | None = None) -> bool:
        self.set()
        return True


@pytest.mark.django_db(transaction=True)
def test_the_loop_of_serve_and_worker_delivers_what_a_committed_notification_queued(small_grid, make_staff):
    from django.db import transaction

    from gridgov.notify.actions import notify
    from gridgov.notify.tasks import run_forever
    from gridgov.org.models import Unit, UnitKind

    receiver = Receiver()
    try:
        unit = Unit.objects.create(code="station", name="station", kind=UnitKind.STATION, area=small_grid["110101"])
        Channel.objects.create(name="r", kind=ChannelKind.DINGTALK, unit=unit, url=f"{receiver.url}/robot/send")
        with transaction.atomic():
            notify("dispatched", subject="C-42", url="/desk/cases/42/", unit=unit)
            assert DBTaskResult.objects.count() == 0  # not before the commit
        assert DBTaskResult.objects.count() == 1
        run_forever(0, stop=OneRound())
    finally:
        receiver.close()
    assert [r["path"] for r in receiver.requests] == ["/robot/send"]
    assert Delivery.objects.get().status == "sent"
