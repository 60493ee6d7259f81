import gc
import os

from django.core.wsgi import get_wsgi_application
from django.db import connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govcases.settings")
application = get_wsgi_application()

# With gunicorn --preload this runs once, before the workers fork and share what is
# loaded (SEARCH_PRELOAD loads jieba's dictionary with the apps).
connections.close_all()  # each worker opens its own
# What is loaded now lives as long as the process: the collector need not walk it
# again (a full collection in the middle of a request), nor write to the pages the
# workers share with the master.
gc.freeze()
