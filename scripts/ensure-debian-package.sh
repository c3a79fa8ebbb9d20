#!/bin/sh
# usage: ensure-debian-package.sh NAME PATH PACKAGE PURPOSE [ENV_VAR]
# Makes sure PATH is an executable, installing Debian's PACKAGE with apt when
# it is missing (as root, or with sudo -n). ENV_VAR, when set in the
# environment, names another build to use instead (it must exist).
set -e
name=$1 path=$2 package=$3 purpose=$4 override=$5
if [ -n "$override" ]; then
  custom=$(eval "printf '%s' \"\${$override:-}\"")
  if [ -n "$custom" ]; then
    if [ -x "$custom" ]; then exit 0; fi
    echo "$name: $override=$custom is not an executable" >&2
    exit 1
  fi
fi
if [ -x "$path" ]; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$name: no $path and no apt-get; install $package${override:+ and set $override}" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
    echo "$name: installing $package needs root: run 'apt-get install $package' as root${override:+, or set $override}" >&2
    exit 1
  fi
fi
echo "$name: installing Debian's $package package ($purpose)"
# Another apt (a desktop's updater, a second set-up script) may hold the dpkg lock:
# wait for it up to 10 minutes (DPkg::Lock::Timeout), and try the whole install once more.
install() {
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$package" >/dev/null
}
if ! install; then
  echo "$name: apt failed; trying once more in 10 s" >&2
  sleep 10
  install
fi
test -x "$path"
