#!/bin/sh
# Makes sure the browser of the plugin's end-to-end test is installed: Debian's `chromium` at
# /usr/bin/chromium (Playwright drives it; Playwright's own browser downloads are not used).
# As root it installs the package with apt-get; otherwise it says what to run. Under CI=true a
# missing browser is an error here, so the run stops before the tests instead of inside them.
set -eu

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

missing() {
  echo "ensure-chromium: $CHROMIUM is missing; the plugin's browser test needs it." >&2
  echo "ensure-chromium: install it as root with: apt-get update && apt-get install -y chromium" >&2
  if [ "${CI:-}" = "true" ]; then
    exit 1
  fi
  echo "ensure-chromium: without it that test is skipped (outside CI)." >&2
  exit 0
}

if [ "$(id -u)" -ne 0 ]; then
  missing
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: apt-get is not available on this system." >&2
  missing
fi

echo "ensure-chromium: installing Debian's chromium with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# Headless Chromium needs no recommended desktop services (udev, upower, printing), only a font.
apt-get install -y -q --no-install-recommends chromium fonts-liberation

if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing." >&2
  exit 1
fi
