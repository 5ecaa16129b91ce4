import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What loading made (modules, settings, URL patterns) lives as long as the process. Frozen,
# the cyclic garbage collector no longer walks it at each full collection: such a walk
# paused a request for 30-60 ms.
gc.collect()
gc.freeze()
