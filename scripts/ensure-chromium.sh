#!/bin/sh
# The browser of the plugin's end-to-end test: Debian's `chromium` at /usr/bin/chromium (Playwright
# drives it; Playwright's own browser downloads are not used). Headless Chromium needs no
# recommended desktop services (udev, upower, printing), only a font.
exec sh "$(dirname "$0")/ensure-debian-package.sh" /usr/bin/chromium "the plugin's browser test" \
  chromium fonts-liberation
