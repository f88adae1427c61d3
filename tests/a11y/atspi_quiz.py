#!/usr/bin/python3
"""A screen-reader run: complete a quiz of all seven kinds through the AT-SPI bus only.

Run by tests/a11y/run.sh inside a D-Bus session with the accessibility bus on and a display
(Xvfb). It starts the app on a bank made of the first question of each kind from the shipped
bank, then uses only AT-SPI: it reads names, roles, states and text, presses buttons and ticks
boxes with actions, picks combo box entries with actions and types answers through the editable
text interface. No mouse, no synthetic keys.

It fails (exit status 1) on an unnamed control, an "Up"/"Down" that does not say which item it
moves, an untitled window, a prompt that is not readable as text, or an answer not graded right.

Usage: atspi_quiz.py BINARY REPOSITORY
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

# How long the app may take to appear on the bus (a loaded CI machine starts it slowly), and how
# long a node, a title or an outcome may take to appear after an action.
APP_TIMEOUT = 60.0
NODE_TIMEOUT = 20.0

KINDS = ["single", "multiple", "true_false", "order", "match", "numeric", "text"]
INTERACTIVE = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "combo box",
    "text",
    "entry",
    "spin button",
    "slider",
    "link",
    "menu item",
    "list item",
}
problems = []


def log(msg):
    print(msg, flush=True)


def seven_kinds_bank(repo, out):
    """A copy of the shipped bank keeping the first question of each kind; returns them."""
    src = os.path.join(repo, "questions", "iskp")
    for name in ("bank.toml", "sources.toml", "glossary.toml"):
        shutil.copy(os.path.join(src, name), out)
    chosen = {}
    chunks = []
    skip = {"bank.toml", "sources.toml", "glossary.toml", "events.toml", "map.toml"}
    for name in sorted(os.listdir(src)):
        if not name.endswith(".toml") or name in skip:
            continue
        text = open(os.path.join(src, name), encoding="utf-8").read()
        for chunk in re.split(r"(?m)^\[\[question\]\]\n", text)[1:]:
            q = tomllib.loads(chunk)
            if q["kind"] not in chosen:
                chosen[q["kind"]] = q
                chunks.append("[[question]]\n" + chunk)
    with open(os.path.join(out, "questions.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(chunks))
    assert sorted(chosen) == sorted(KINDS), sorted(chosen)
    return chosen


def walk(node, depth=0):
    """Every node under `node` (itself first). A node that goes away while the tree is read
    (the app redraws a screen) is skipped; callers that look for something retry until a
    deadline."""
    if node is None or depth > 60:
        return
    yield node
    try:
        count = node.get_child_count()
    except GLib.Error:
        return
    for i in range(count):
        try:
            child = node.get_child_at_index(i)
        except GLib.Error:
            continue
        yield from walk(child, depth + 1)


def name(node):
    try:
        return (node.get_name() or "").strip()
    except GLib.Error:
        return ""


def role(node):
    try:
        return node.get_role_name()
    except GLib.Error:
        return ""


def text_of(node):
    """What a screen reader reads for a node: its name, else its text."""
    n = name(node)
    if n:
        return n
    try:
        t = node.get_text_iface()
        if t is not None:
            return t.get_text(0, t.get_character_count())
    except Exception:  # noqa: BLE001 - not every node has text
        pass
    return ""


def desktop_apps():
    """The applications on the bus now (an empty list while the registry is not answering)."""
    try:
        desk = Atspi.get_desktop(0)
        return [a for a in (desk.get_child_at_index(i) for i in range(desk.get_child_count())) if a]
    except GLib.Error:
        return []


def counterpoint_window(app):
    """The app's window once it has one titled "Counterpoint...", else None."""
    try:
        count = app.get_child_count()
        windows = [app.get_child_at_index(k) for k in range(count)]
    except GLib.Error:
        return None
    for w in windows:
        if w is not None and name(w).startswith("Counterpoint"):
            return w
    return None


class AppExited(Exception):
    """The app stopped before it appeared on the bus."""


def find_app(app_proc, timeout=APP_TIMEOUT):
    """Polls the desktop's children until the app is there with its titled window.

    The app registers on the accessibility bus a moment after its window opens, later on a
    loaded machine, and a first answer may come before AccessKit has published the window, so
    the applications and their windows are looked up again on every poll."""
    started = time.time()
    end = started + timeout
    while time.time() < end:
        if app_proc.poll() is not None:
            raise AppExited(f"the app exited with status {app_proc.returncode} before it appeared")
        for app in desktop_apps():
            win = counterpoint_window(app)
            if win is not None:
                log(f"the app appeared on the bus after {time.time() - started:.1f} s")
                return win
        time.sleep(0.25)
    seen = [name(a) for a in desktop_apps()]
    raise SystemExit(
        f"the app did not appear on the AT-SPI bus within {timeout:.0f} s (applications: {seen})"
    )


def audit(win, where):
    """Fails on an untitled window, unnamed controls and bare Up/Down buttons."""
    title = name(win)
    if not title.startswith("Counterpoint"):
        problems.append(f"{where}: window title {title!r}")
    for node in walk(win):
        r = role(node)
        if r not in INTERACTIVE:
            continue
        n = name(node)
        if not n and r not in ("text", "entry"):
            problems.append(f"{where}: unnamed {r}")
        if n.lower() in ("up", "down", "move up", "move down"):
            problems.append(f"{where}: {r} {n!r} does not say which item it moves")
    if role_named(win, "text", "") is not None or role_named(win, "entry", "") is not None:
        # A text field's name comes from its label ("Your answer:").
        problems.append(f"{where}: unnamed text field")


def role_named(win, wanted_role, wanted, exact=True):
    for node in walk(win):
        if role(node) != wanted_role:
            continue
        n = name(node)
        if (n == wanted) if exact else (wanted in n):
            return node
    return None


def wait_for(win, wanted_role, wanted, exact=True, timeout=NODE_TIMEOUT):
    """The node of `wanted_role` named `wanted`, looked up again until `timeout` runs out."""
    end = time.time() + timeout
    while time.time() < end:
        node = role_named(win, wanted_role, wanted, exact)
        if node is not None:
            return node
        time.sleep(0.1)
    raise SystemExit(f"no {wanted_role} named {wanted!r} in {name(win)!r} within {timeout:.0f} s")


def wait_title(win, prefix, timeout=NODE_TIMEOUT):
    end = time.time() + timeout
    while time.time() < end:
        if name(win).startswith(prefix):
            return
        time.sleep(0.1)
    raise SystemExit(f"window title {name(win)!r}, expected {prefix!r} within {timeout:.0f} s")


def press(node):
    """Does the node's first action (click), retrying while the bus does not answer."""
    end = time.time() + NODE_TIMEOUT
    while True:
        try:
            if node.get_action_iface().do_action(0):
                return
        except GLib.Error as e:
            if time.time() >= end:
                raise SystemExit(f"could not press {name(node)!r}: {e}") from e
        if time.time() >= end:
            raise SystemExit(f"could not press {name(node)!r}")
        time.sleep(0.1)


def checked(node):
    try:
        return node.get_state_set().contains(Atspi.StateType.CHECKED)
    except GLib.Error:
        return False


def pressed(node):
    try:
        states = node.get_state_set()
        return states.contains(Atspi.StateType.PRESSED) or states.contains(Atspi.StateType.CHECKED)
    except GLib.Error:
        return False


def wait_checked(win, wanted_role, wanted, timeout=NODE_TIMEOUT):
    """Whether the node becomes checked before `timeout` (it is looked up again each time)."""
    end = time.time() + timeout
    while time.time() < end:
        node = role_named(win, wanted_role, wanted, exact=False)
        if node is not None and checked(node):
            return True
        time.sleep(0.1)
    return False


def choice_text(c):
    return c if isinstance(c, str) else c["text"]


def text_value(node):
    try:
        t = node.get_text_iface()
        return t.get_text(0, t.get_character_count()) if t is not None else ""
    except GLib.Error:
        return ""


def readable_texts(win):
    return [
        text_of(n) for n in walk(win) if role(n) in ("label", "static", "text", "paragraph")
    ]


def until(what, check, timeout=NODE_TIMEOUT):
    """Polls `check` until it returns something true; stops the run with `what` at the deadline."""
    end = time.time() + timeout
    while time.time() < end:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise SystemExit(f"{what} (waited {timeout:.0f} s)")


def order_position(win, text, n):
    """The 0-based position the order item `text` is announced at ("k of n: text"), or None."""
    for node in walk(win):
        if role(node) not in ("toggle button", "push button"):
            continue
        m = re.fullmatch(rf"(\d+) of {n}: (.*)", name(node), re.S)
        if m and m.group(2) == text:
            return int(m.group(1)) - 1
    return None


def pick_match(win, q, pair, attempts=3):
    """Opens the combo box named after the left item, presses the option of the right item, and
    closes the list again (pressing the combo box), checking on the way that the option shows as
    pressed and the list went away. A step the app has not shown yet is retried."""

    def options():
        return [
            n
            for n in walk(win)
            if name(n) == pair["right"] and role(n) != "combo box" and role(n) in INTERACTIVE
        ]

    for attempt in range(1, attempts + 1):
        combo = wait_for(win, "combo box", pair["left"])
        if not options():
            press(combo)
        try:
            found = until(f"no option {pair['right']!r} after opening the list", options, 10.0)
            press(found[-1])
            until("the option not pressed", lambda: any(pressed(n) for n in options()), 5.0)
        except SystemExit as e:
            log(f"{q['id']}: {pair['left']!r}, attempt {attempt}: {e}")
            continue
        # Close the list (the combo box toggles it) so the next one opens cleanly.
        press(wait_for(win, "combo box", pair["left"]))
        try:
            until("the list did not close", lambda: not options(), 5.0)
        except SystemExit as e:
            log(f"{q['id']}: {pair['left']!r}, attempt {attempt}: {e}")
        return
    problems.append(f"{q['id']}: could not pick {pair['right']!r} for {pair['left']!r}")


def answer(win, q):
    kind = q["kind"]
    if kind == "single":
        right = f". {choice_text(q['choices'][q['answer'] - 1])}"
        press(wait_for(win, "radio button", right, exact=False))
        if not wait_checked(win, "radio button", right):
            problems.append(f"{q['id']}: radio button {right!r} not checked after pressing it")
    elif kind == "multiple":
        for a in q["answers"]:
            right = f". {choice_text(q['choices'][a - 1])}"
            press(wait_for(win, "check box", right, exact=False))
            if not wait_checked(win, "check box", right):
                problems.append(f"{q['id']}: check box {right!r} not checked")
    elif kind == "true_false":
        right = "1. True" if q["answer"] else "2. False"
        press(wait_for(win, "radio button", right))
        if not wait_checked(win, "radio button", right):
            problems.append(f"{q['id']}: radio button {right!r} not checked after pressing it")
    elif kind == "order":
        items = q["items"]
        n = len(items)
        for target, text in enumerate(items):
            for _ in range(n):
                pos = order_position(win, text, n)
                if pos is None:
                    # Looked up again: the list may be redrawing.
                    time.sleep(0.2)
                    pos = order_position(win, text, n)
                if pos is None:
                    problems.append(f"{q['id']}: order item {text!r} not named 'k of {n}: ...'")
                    return
                if pos <= target:
                    break
                press(wait_for(win, "push button", f"Move {text} up"))
                # Wait until the move shows before the next one (a stale position would move it
                # too far).
                until(
                    f"{q['id']}: {text!r} did not move up from {pos + 1} of {n}",
                    lambda: order_position(win, text, n) == pos - 1,
                )
    elif kind == "match":
        for pair in q["pairs"]:
            pick_match(win, q, pair)
    elif kind in ("numeric", "text"):
        value = q["answer"] if kind == "numeric" and "answer" in q else q.get("min")
        typed = str(value) if kind == "numeric" else q["accept"][0]
        field = until(
            f"{q['id']}: no text field named 'Your answer:'",
            lambda: role_named(win, "entry", "Your answer:") or role_named(win, "text", "Your answer:"),
        )
        field.get_editable_text_iface().set_text_contents(typed)
        until(
            f"{q['id']}: the field does not read back {typed!r}",
            lambda: text_value(field) == typed,
        )


def main():
    binary, repo = sys.argv[1], sys.argv[2]
    started = time.time()
    work = tempfile.mkdtemp(prefix="counterpoint-a11y-")
    bank = os.path.join(work, "iskp")
    os.mkdir(bank)
    questions = seven_kinds_bank(repo, bank)
    by_prompt = {q["prompt"].strip()[:40]: q for q in questions.values()}
    data = os.path.join(work, "data")
    app_log = open(os.path.join(work, "app.log"), "wb")

    def start():
        return subprocess.Popen(
            [binary, "--questions", bank, "--data-dir", data],
            stdout=app_log,
            stderr=subprocess.STDOUT,
        )

    app_proc = start()
    ok = False
    try:
        # An app that exits before its window is up (it could not reach the display, which
        # happened once here on a loaded machine) is started again, at most twice; one that
        # stays up but never appears on the bus fails the run.
        for attempt in range(3):
            try:
                win = find_app(app_proc)
                break
            except AppExited as e:
                if attempt == 2:
                    raise SystemExit(str(e)) from e
                log(f"{e}; starting it again")
                time.sleep(1)
                app_proc = start()
        wait_title(win, "Counterpoint: Start page")
        audit(win, "start page")
        log(f"window: {name(win)!r}")
        press(wait_for(win, "push button", "Start"))
        done = set()
        for step in range(1, 8):
            wait_title(win, f"Counterpoint: Question {step} of 7")
            cont = role_named(win, "push button", "Continue")
            if cont is not None:
                audit(win, f"content warning {step}")
                press(cont)
                wait_for(win, "push button", "Submit")
            audit(win, f"question {step}")
            def prompt_question():
                texts = readable_texts(win)
                return next(
                    (q for key, q in by_prompt.items() if any(key[:30] in t for t in texts)),
                    None,
                )

            q = until(f"question {step}: the prompt is not readable as text", prompt_question)
            log(f"question {step}: {q['kind']} ({q['id']})")
            answer(win, q)
            press(wait_for(win, "push button", "Submit"))
            # The outcome must be "Right" (wait_for stops the run otherwise).
            wait_for(win, "label", "Right")
            audit(win, f"feedback {step}")
            done.add(q["kind"])
            nxt = until(
                f"feedback {step}: no Next question or See results button",
                lambda: role_named(win, "push button", "Next question")
                or role_named(win, "push button", "See results"),
            )
            press(nxt)
        wait_title(win, "Counterpoint: Results")
        audit(win, "results")
        score = until(
            "results: no score line",
            lambda: [t for t in readable_texts(win) if t.startswith("Score:")],
        )
        log(f"results: {score}")
        if score != ["Score: 7.0 of 7 (100%)"]:
            problems.append(f"results: {score}")
        if sorted(done) != sorted(KINDS):
            problems.append(f"kinds answered: {sorted(done)}")
        ok = True
    finally:
        app_proc.terminate()
        try:
            app_proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            app_proc.kill()
        app_log.close()
        if not ok:
            # Why it stopped, from the app's side.
            with open(os.path.join(work, "app.log"), encoding="utf-8", errors="replace") as f:
                tail = f.read()[-3000:]
            if tail.strip():
                log("app output (last 3000 characters):\n" + tail)
        shutil.rmtree(work, ignore_errors=True)
    log(f"took {time.time() - started:.1f} s")
    if problems:
        log("PROBLEMS:\n" + "\n".join(problems))
        sys.exit(1)
    log("ok: a quiz of all seven kinds completed through AT-SPI; no unnamed control, no bare Up/Down, titled window")


if __name__ == "__main__":
    main()
