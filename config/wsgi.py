import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What loading made lives as long as the process: out of the garbage collector's walks
# (config/loading.py).
from config.loading import loaded_freeze  # noqa: E402 (needs the apps loaded above)

loaded_freeze()
