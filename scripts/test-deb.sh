#!/usr/bin/env bash
# Builds the Debian packages from build/ (cpack), installs wick with dpkg -i on this machine,
# checks what it put in place (the service user, /etc/wick, /var/lib/wick, the unit), starts
# wick-chat the way its systemd unit does (as the user wick, the unit's ExecStart with the
# installed configuration; only the port moved, with WICK_PORT), checks /health and the page,
# and purges the package again. Run after scripts/build.sh; needs root or sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
rm -f build/wick_*.deb build/libwick-dev_*.deb
(cd build && cpack -G DEB >/dev/null)
deb=$(ls build/wick_*.deb)
dpkg-deb --info "$deb" | sed -n 's/^ Depends:/test-deb: depends on/p'

purge() { $sudo dpkg --purge wick >/dev/null 2>&1 || true; }
purge  # a run that died before its end
trap purge EXIT
$sudo dpkg -i "$deb" >/dev/null

fail() { echo "test-deb: $*" >&2; exit 1; }
getent passwd wick >/dev/null || fail "no user wick"
[ "$(stat -c %U:%a /var/lib/wick)" = wick:750 ] || fail "/var/lib/wick: $(stat -c %U:%a /var/lib/wick)"
[ "$(stat -c %U:%G:%a /etc/wick/chat.toml)" = root:wick:640 ] || fail "/etc/wick/chat.toml mode"
for file in /usr/bin/wick-chat /usr/bin/wick-rooms /usr/share/wick/chat-web/index.html \
  /usr/share/wick/chat-web/app.js /lib/systemd/system/wick-chat.service; do
  [ -e "$file" ] || fail "$file is missing"
done
dpkg-query -W -f='${Conffiles}\n' wick | grep -q /etc/wick/chat.toml || fail "chat.toml is no conffile"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify /lib/systemd/system/wick-chat.service
fi

command=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/wick-chat.service)
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
log=$(mktemp)
# shellcheck disable=SC2086  # ExecStart's words
$sudo runuser -u wick -- env WICK_PORT="$port" $command >"$log" 2>&1 &
server=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
  sleep 0.1
done
health=$(curl -sf "http://127.0.0.1:$port/health") || { cat "$log"; fail "no /health"; }
[ "$health" = '{"status":"ok"}' ] || fail "/health said $health"
curl -sf "http://127.0.0.1:$port/" | grep -q '<script' || fail "the page is not served"
[ -s /var/lib/wick/chat.db ] || fail "no database in /var/lib/wick"
[ "$(stat -c %U:%a /var/lib/wick/secret_key_base)" = wick:600 ] || fail "secret_key_base mode"
$sudo kill -TERM "$server"
wait "$server" || true
grep -q "wick-chat pid=" "$log" || { cat "$log"; fail "wick-chat did not start"; }
echo "test-deb: $(basename "$deb") installed, wick-chat answered /health as user wick on :$port"
