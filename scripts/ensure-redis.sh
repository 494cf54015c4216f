#!/bin/sh
# The Redis server of the cluster tests: Debian's `redis-server`. The tests start their own
# instances on free loopback ports; the package's own service is never started.
exec sh "$(dirname "$0")/ensure-debian-package.sh" /usr/bin/redis-server "the cluster tests" \
  redis-server
