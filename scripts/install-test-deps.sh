#!/usr/bin/env bash
# Installs the Debian packages the test suite talks to (the real rclone, as
# the compatibility oracle, and Chromium for the OAuth browser test) when
# they are missing. Needs root (or sudo) and
# Debian's apt; on other machines it only says what is missing.
set -euo pipefail
# rclone: the compatibility oracle; chromium: a real browser for the OAuth flow test.
PACKAGES=(rclone chromium)
missing=()
for p in "${PACKAGES[@]}"; do
  command -v "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: missing ${missing[*]}, and there is no apt-get to install them" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "install-test-deps: installing ${missing[*]}" >&2
$SUDO apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
