"""What a long-running web process (a gunicorn worker; the bench's own process) does once it
has loaded."""

import gc

from django.urls import get_resolver


def loaded_freeze():
    """Take what loading made (modules, settings, URL patterns and every module the views
    import) out of the cyclic garbage collector's walks for the life of the process.

    A full collection walks every object that survived the ones before, and it pauses every
    thread of the process meanwhile: with the 75,000 objects of the modules that the URL
    patterns import (the REST framework, openpyxl, pandas, every view), about 60 ms, several
    times during an Excel upload. Django reads the URL patterns at the first request; they are
    read here first, so that the freeze covers what they import."""
    get_resolver().url_patterns  # noqa: B018 (the property imports them)
    gc.collect()
    gc.freeze()
