import os

from django.core.wsgi import get_wsgi_application

from config.loading import loaded_freeze

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What loading made lives as long as the process: out of the garbage collector's walks.
loaded_freeze()
