#!/bin/sh
# Makes sure redis-server is installed for the queue-mode tests (Debian's
# redis-server package). The tests start and stop their own servers, on their
# own ports and folders; nothing is started here. Set REDIS_SERVER to use
# another build.
exec sh "$(dirname "$0")/ensure-debian-package.sh" ensure-redis /usr/bin/redis-server redis-server "for the queue-mode tests" REDIS_SERVER
