#!/bin/sh
# Makes sure a Chromium for the browser tests, `gogepo render` and the report's
# clips is installed: Debian's `chromium` package (driven by playwright-core;
# no browser download). Set CHROMIUM_PATH to use another Chromium build.
exec sh "$(dirname "$0")/ensure-debian-package.sh" ensure-chromium /usr/bin/chromium chromium "for the browser tests and videos" CHROMIUM_PATH
