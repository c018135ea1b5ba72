#!/bin/sh
# Behaves like the official haproxy image's entrypoint: options alone or `haproxy …` run haproxy in
# master-worker mode (-W, reload with SIGUSR2) in the foreground (-db); anything else is run as given.
set -e
case "$1" in
  -*) set -- haproxy "$@" ;;
esac
if [ "$1" = haproxy ]; then
  shift
  set -- haproxy -W -db "$@"
fi
exec "$@"
