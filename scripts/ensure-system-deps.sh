#!/usr/bin/env bash
# Installs what the browser tests need from Debian when it is missing: chromium (driven by
# playwright-core) and a CJK font so Chinese does not render as boxes in screenshots; and influxd
# (Debian `influxdb`) for the InfluxDB runs of the integration tests, which start their own.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'WenQuanYi Micro Hei' || need+=(fonts-wqy-microhei)
command -v influxd >/dev/null || need+=(influxdb)
[ ${#need[@]} -eq 0 ] && exit 0

echo "installing system packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# The package's own service (on :8086) is not ours: the tests run private influxd instances.
if [[ " ${need[*]} " == *" influxdb "* ]]; then
  $SUDO systemctl disable --now influxdb >/dev/null 2>&1 || $SUDO service influxdb stop >/dev/null 2>&1 || true
fi
