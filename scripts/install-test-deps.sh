#!/usr/bin/env bash
# What `npm test` needs from the system besides node_modules, installed from Debian's packages when
# missing: Chromium (the reference is tested in a real browser), Java (swagger-codegen), Redis (the
# shared rate-limit store is tested against a real redis-server, started by the tests), and the
# modules the generated Python client and the reference's Python samples (`requests`) import, for Debian's own /usr/bin/python3 (no pip: PyPI is
# not a source we use). When everything is there it prints nothing and runs no apt-get at all;
# otherwise it first says what it will install and why, then installs it.
#
# TEST_DEPS_DRY_RUN=1 prints the plan and installs nothing. TEST_DEPS_PREFIX=/some/dir looks for
# the files under that directory instead of / and asks neither dpkg nor PATH (test/ uses both).
set -euo pipefail

prefix="${TEST_DEPS_PREFIX:-}"

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
  [python3-requests]=/usr/lib/python3/dist-packages/requests/__init__.py
  [redis-server]=/usr/bin/redis-server
)
# package -> why the tests need it.
declare -A why=(
  [chromium]='the rendered reference is opened in headless Chromium (test/reference.browser.test.ts)'
  [fonts-liberation]="fonts for Chromium's screenshots of the reference"
  [openjdk-17-jre-headless]='Java runs swagger-codegen, which generates the Python client (test/generators.test.ts)'
  [python3]='runs the generated Python client against the mock (test/generators.test.ts)'
  [python3-urllib3]='imported by the generated Python client'
  [python3-dateutil]='imported by the generated Python client'
  [python3-six]='imported by the generated Python client'
  [python3-certifi]='imported by the generated Python client'
  [python3-requests]="the reference's Python samples are run against the mock (test/samples.test.ts)"
  [redis-server]='the shared rate-limit store is tested against a real Redis (test/redis-store.test.ts)'
)
order=(chromium fonts-liberation openjdk-17-jre-headless python3 python3-urllib3 python3-dateutil python3-six python3-certifi python3-requests redis-server)

missing=()
for package in "${order[@]}"; do
  [ -e "$prefix${wanted[$package]}" ] && continue
  # A package can be there while its file is elsewhere (another architecture's JVM path): ask dpkg.
  if [ -z "$prefix" ] && dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then continue; fi
  # Java from anywhere (another JDK on PATH) is fine for swagger-codegen.
  if [ -z "$prefix" ] && [ "$package" = openjdk-17-jre-headless ] && command -v java >/dev/null 2>&1; then continue; fi
  missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-test-deps: npm test needs ${#missing[@]} Debian package(s) that are not installed:"
for package in "${missing[@]}"; do printf '  %-26s %s\n' "$package" "${why[$package]}"; done

if [ "${TEST_DEPS_DRY_RUN:-}" = 1 ]; then
  echo "install-test-deps: dry run, would run: apt-get install -y --no-install-recommends ${missing[*]}"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: this is not a Debian system; install them by hand" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo -n); else
    echo "install-test-deps: run as root, or: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi
echo "install-test-deps: installing them now: ${sudo[*]:+${sudo[*]} }apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Quiet unless it fails: apt's and debconf's chatter goes to a log shown only then.
started=$(date +%s)
if ! { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "install-test-deps: apt-get failed" >&2
  exit 1
fi
echo "install-test-deps: installed ${missing[*]} in $(( $(date +%s) - started )) s"
