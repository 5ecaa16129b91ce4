import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What loading made (modules, settings, URL patterns) lives as long as the process. Frozen,
# the cyclic garbage collector no longer walks it at each full collection: such a walk
# paused a request for tens of milliseconds (an Excel upload: about 30 ms on the median).
gc.collect()
gc.freeze()
