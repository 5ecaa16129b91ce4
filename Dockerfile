# One image for web, worker and beat.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=false
WORKDIR /app
COPY pyproject.toml constraints.txt ./
COPY config ./config
COPY plans ./plans
COPY tasks ./tasks
COPY progress ./progress
COPY reports ./reports
# With the s3 extra: a deployment may keep 佐证材料 in an object store (STORAGE_BACKEND=s3).
RUN pip install --no-cache-dir -c constraints.txt ".[s3]"
COPY . .
# Collected as production serves them (DEBUG off: compressed, with a manifest), with a
# throw-away key: settings refuse to start without a real one.
RUN export SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
 && python manage.py vendor_static \
 && python manage.py collectstatic --noinput -v0
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
