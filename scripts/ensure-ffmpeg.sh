#!/bin/sh
# Makes sure ffmpeg and ffprobe are installed for `gogepo render`, its tests
# and the report's clips: Debian's ffmpeg package (it ships both).
exec sh "$(dirname "$0")/ensure-debian-package.sh" ensure-ffmpeg /usr/bin/ffprobe ffmpeg "for gogepo render and its tests"
