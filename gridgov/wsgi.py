"""The WSGI application every server process runs (``gridgov serve``: waitress, or gunicorn workers)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

# The garbage collector's youngest generation is collected after 50,000 allocations instead of 700, and what the
# process holds after start-up (Django, the models, the per-process copies) is frozen out of the collections: the
# default thresholds ran a full collection of all of it during large answers, a pause of 50-100 ms (the city's
# dashboard at 10 M cases: p95 214 -> 107 ms, `gridgov bench dashboard`, docs/SCALING.md). Reference cycles are still
# collected, less often.
GC_THRESHOLDS = (50_000, 50, 100)


def tune_gc() -> None:
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gridgov.settings")
application = get_wsgi_application()
tune_gc()
