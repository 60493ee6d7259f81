import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govcases.settings")
application = get_wsgi_application()

# With gunicorn --preload this runs once, before the workers fork and share it.
from django.db import connections  # noqa: E402

from cases.search import load_dictionaries  # noqa: E402

load_dictionaries()
connections.close_all()  # each worker opens its own
# What is loaded now lives as long as the process: the collector need not walk it
# again (a full collection took 45 ms in the middle of a request), nor write to the
# pages the workers share with the master.
gc.freeze()
