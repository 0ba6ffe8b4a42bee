#!/usr/bin/env bash
# What `npm test` needs from the system besides node_modules, installed from Debian's packages when
# missing: Chromium (the reference is tested in a real browser), Java (swagger-codegen), Redis (the
# shared rate-limit store is tested against a real redis-server, started by the tests), and the
# modules the generated Python client imports, for Debian's own /usr/bin/python3 (no pip: PyPI is
# not a source we use). Idempotent and quiet: when everything is there, it runs no apt-get at all.
set -euo pipefail

# package -> a file it installs, so that the check is a cheap `test -e`.
declare -A wanted=(
  [chromium]=/usr/bin/chromium
  [fonts-liberation]=/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf
  [openjdk-17-jre-headless]=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
  [python3]=/usr/bin/python3
  [python3-urllib3]=/usr/lib/python3/dist-packages/urllib3/__init__.py
  [python3-dateutil]=/usr/lib/python3/dist-packages/dateutil/__init__.py
  [python3-six]=/usr/lib/python3/dist-packages/six.py
  [python3-certifi]=/usr/lib/python3/dist-packages/certifi/__init__.py
  [redis-server]=/usr/bin/redis-server
)

missing=()
for package in "${!wanted[@]}"; do
  # A package can be there while its file is elsewhere (another architecture's JVM path): ask dpkg.
  if [ ! -e "${wanted[$package]}" ] && ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
# Java from anywhere (another JDK on PATH) is fine for swagger-codegen.
if command -v java >/dev/null 2>&1; then
  for i in "${!missing[@]}"; do [ "${missing[$i]}" = openjdk-17-jre-headless ] && unset 'missing[i]'; done
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: missing ${missing[*]}, and this is not a Debian system; install them by hand" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo -n); else
    echo "install-test-deps: missing ${missing[*]}; run as root or: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Quiet unless it fails: apt's and debconf's chatter goes to a log shown only then.
if ! { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "install-test-deps: apt-get failed" >&2
  exit 1
fi
