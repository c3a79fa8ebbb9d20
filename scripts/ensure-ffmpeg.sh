#!/bin/sh
# Makes sure ffmpeg (and ffprobe) are installed for `gogepo render` and its
# tests: Debian's ffmpeg package.
set -e
if command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-ffmpeg: no ffmpeg and no apt-get; install ffmpeg (with ffprobe) and put it on PATH" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
    echo "ensure-ffmpeg: installing ffmpeg needs root: run 'apt-get install ffmpeg' as root" >&2
    exit 1
  fi
fi
echo "ensure-ffmpeg: installing Debian's ffmpeg package (for gogepo render's tests)"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null
command -v ffprobe >/dev/null
