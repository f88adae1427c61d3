#!/usr/bin/env bash
# The screen-reader run (docs/accessibility.md): under Xvfb with the AT-SPI bus on, complete a
# quiz of all seven kinds through AT-SPI only (tests/a11y/atspi_quiz.py).
# Needs Debian's xvfb at-spi2-core python3-pyatspi gir1.2-atspi-2.0 dbus-x11 and a built binary.
# Usage: tests/a11y/run.sh [BINARY] [DISPLAY_NUMBER]
#   (defaults: target/debug/counterpoint, a free display Xvfb picks)
set -euo pipefail
cd "$(dirname "$0")/../.."
BINARY="$(realpath "${1:-target/debug/counterpoint}")"
DISPLAY_NUMBER="${2:-}"
[ -x "$BINARY" ] || { echo "no binary at $BINARY (cargo build first)" >&2; exit 2; }

# Xvfb picks a free display itself (-displayfd) unless a number is given, so runs side by side
# (other tests, other checkouts) do not meet on one display.
DISPLAY_FILE="$(mktemp)"
if [ -n "$DISPLAY_NUMBER" ]; then
  Xvfb ":$DISPLAY_NUMBER" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
  echo "$DISPLAY_NUMBER" >"$DISPLAY_FILE"
else
  Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp 3>"$DISPLAY_FILE" >/dev/null 2>&1 &
fi
XVFB=$!
# Wait for Xvfb to be gone: one that is still shutting down removes its display's socket, which
# may by then belong to the next run's Xvfb on the same number.
trap 'kill "$XVFB" 2>/dev/null || true; wait "$XVFB" 2>/dev/null || true; rm -f "$DISPLAY_FILE"' EXIT
for _ in $(seq 100); do
  if [ -s "$DISPLAY_FILE" ] && DISPLAY=":$(head -1 "$DISPLAY_FILE")" xdpyinfo >/dev/null 2>&1; then
    break
  fi
  sleep 0.1
done
kill -0 "$XVFB" 2>/dev/null || { echo "Xvfb did not start (display in use?)" >&2; exit 2; }
export DISPLAY=":$(head -1 "$DISPLAY_FILE")"
xdpyinfo >/dev/null 2>&1 || { echo "Xvfb $DISPLAY did not answer" >&2; exit 2; }

# One private D-Bus session: the accessibility bus, switched on, then the script and the app.
dbus-run-session -- bash -c '
  set -euo pipefail
  /usr/libexec/at-spi-bus-launcher --launch-immediately &
  LAUNCHER=$!
  trap "kill $LAUNCHER 2>/dev/null || true" EXIT
  # The launcher owns org.a11y.Bus a moment after it starts (later on a loaded machine).
  for _ in $(seq 100); do
    busctl --user get-property org.a11y.Bus /org/a11y/bus org.a11y.Status IsEnabled \
      >/dev/null 2>&1 && break
    sleep 0.1
  done
  busctl --user set-property org.a11y.Bus /org/a11y/bus org.a11y.Status IsEnabled b true
  /usr/bin/python3 tests/a11y/atspi_quiz.py "$0" "$PWD"
' "$BINARY"
