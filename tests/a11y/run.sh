#!/usr/bin/env bash
# The screen-reader run (docs/accessibility.md): under Xvfb with the AT-SPI bus on, complete a
# quiz of all seven kinds through AT-SPI only (tests/a11y/atspi_quiz.py).
# Needs Debian's xvfb at-spi2-core python3-pyatspi gir1.2-atspi-2.0 dbus-x11 and a built binary.
# Usage: tests/a11y/run.sh [BINARY] [DISPLAY_NUMBER]    (defaults: target/debug/counterpoint, 95)
set -euo pipefail
cd "$(dirname "$0")/../.."
BINARY="$(realpath "${1:-target/debug/counterpoint}")"
DISPLAY_NUMBER="${2:-95}"
[ -x "$BINARY" ] || { echo "no binary at $BINARY (cargo build first)" >&2; exit 2; }

Xvfb ":$DISPLAY_NUMBER" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill "$XVFB" 2>/dev/null || true' EXIT
export DISPLAY=":$DISPLAY_NUMBER"
for _ in $(seq 50); do
  xdpyinfo >/dev/null 2>&1 && break
  sleep 0.1
done

# One private D-Bus session: the accessibility bus, switched on, then the script and the app.
dbus-run-session -- bash -c '
  set -euo pipefail
  /usr/libexec/at-spi-bus-launcher --launch-immediately &
  LAUNCHER=$!
  trap "kill $LAUNCHER 2>/dev/null || true" EXIT
  sleep 1
  busctl --user set-property org.a11y.Bus /org/a11y/bus org.a11y.Status IsEnabled b true
  /usr/bin/python3 tests/a11y/atspi_quiz.py "$0" "$PWD"
' "$BINARY"
