import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govcases.settings")
application = get_wsgi_application()

# With gunicorn --preload this runs once, before the workers fork and share it.
from cases.search.tokenizer import load_dictionary  # noqa: E402

load_dictionary()
