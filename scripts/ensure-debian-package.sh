#!/bin/sh
# Makes sure a program that some tests need is installed from Debian's packages.
#   ensure-debian-package.sh BINARY WHAT PACKAGE...
# BINARY is the path the tests use, WHAT says which tests need it. As root it installs the
# packages with apt-get (without their recommendations, and without starting any service they
# ship); otherwise it says what to run. Under CI=true a missing program is an error here, so the
# run stops before the tests instead of inside them.
set -eu

if [ "$#" -lt 3 ]; then
  echo "usage: ensure-debian-package.sh BINARY WHAT PACKAGE..." >&2
  exit 2
fi
BINARY=$1
WHAT=$2
shift 2
NAME=$(basename "$BINARY")

if [ -x "$BINARY" ]; then
  exit 0
fi

missing() {
  echo "ensure-$NAME: $BINARY is missing; $WHAT needs it." >&2
  echo "ensure-$NAME: install it as root with: apt-get update && apt-get install -y $*" >&2
  if [ "${CI:-}" = "true" ]; then
    exit 1
  fi
  echo "ensure-$NAME: without it those tests are skipped (outside CI)." >&2
  exit 0
}

if [ "$(id -u)" -ne 0 ]; then
  missing "$@"
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-$NAME: apt-get is not available on this system." >&2
  missing "$@"
fi

echo "ensure-$NAME: installing $* with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# A package's maintainer scripts must not start its service (redis-server would listen on 6379):
# the tests start their own instances on free ports. policy-rc.d answering 101 forbids it.
POLICY=/usr/sbin/policy-rc.d
ADDED_POLICY=
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$POLICY"
  chmod +x "$POLICY"
  ADDED_POLICY=1
fi
status=0
apt-get install -y -q --no-install-recommends "$@" || status=$?
if [ -n "$ADDED_POLICY" ]; then
  rm -f "$POLICY"
fi
[ "$status" -eq 0 ] || exit "$status"

if [ ! -x "$BINARY" ]; then
  echo "ensure-$NAME: apt-get finished but $BINARY is still missing." >&2
  exit 1
fi
