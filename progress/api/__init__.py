"""The API of periods and progress reports: the same services and selectors as the pages.

A package because the API's default permission (permissions.HasRole, named in settings) must be
importable without DRF's views, which read that setting while they are being imported.
"""
