#!/bin/sh
# Makes sure redis-server is installed for the queue-mode tests (Debian's
# redis-server package). The tests start and stop their own servers, on their
# own ports and folders; nothing is started here. Set REDIS_SERVER to use
# another build.
set -e
path="${REDIS_SERVER:-/usr/bin/redis-server}"
if [ -x "$path" ]; then exit 0; fi
if [ -n "$REDIS_SERVER" ]; then
  echo "ensure-redis: REDIS_SERVER=$REDIS_SERVER is not an executable" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-redis: no /usr/bin/redis-server and no apt-get; install Redis and set REDIS_SERVER" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
    echo "ensure-redis: installing Redis needs root: run 'apt-get install redis-server' as root, or set REDIS_SERVER" >&2
    exit 1
  fi
fi
echo "ensure-redis: installing Debian's redis-server package (for the queue-mode tests)"
$sudo apt-get update -qq
# the package's own service is not needed (and may not start in a container)
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server >/dev/null
test -x /usr/bin/redis-server
