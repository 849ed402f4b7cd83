#!/usr/bin/env bash
# The multi-instance test (scripts/test-scale.mjs) puts two app instances behind Debian's nginx.
# Installs it when missing and we are root; otherwise says how. Only the binary is used: the test
# writes its own config and runs nginx as the current user with its own prefix (-p) and config
# (-c), on loopback, so the system's nginx config and service are never touched.
set -euo pipefail
NGINX="${NGINX_PATH:-/usr/sbin/nginx}"
if [ -x "$NGINX" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's nginx for the multi-instance test..."
  apt-get update -qq
  # policy-rc.d 101: the package must not start the system service (port 80) on install.
  had_policy=0
  if [ -e /usr/sbin/policy-rc.d ]; then had_policy=1; fi
  if [ "$had_policy" = 0 ]; then printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
  if [ "$had_policy" = 0 ]; then rm -f /usr/sbin/policy-rc.d; fi
  exit 0
fi
echo "nginx is missing: install it (sudo apt-get install nginx) or set NGINX_PATH." >&2
exit 1
