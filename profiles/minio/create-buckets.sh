#!/bin/sh
# Creates each bucket in MINIO_BUCKETS (comma-separated) once; existing buckets are left as they are.
set -eu
mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
for bucket in $(echo "${MINIO_BUCKETS:-}" | tr ',' ' '); do
  mc mb --ignore-existing "local/$bucket"
done
