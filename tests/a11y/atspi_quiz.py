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
from gi.repository import Atspi  # noqa: E402

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
    """Every node under `node` (itself first)."""
    if node is None or depth > 60:
        return
    yield node
    for i in range(node.get_child_count()):
        yield from walk(node.get_child_at_index(i), depth + 1)


def name(node):
    return (node.get_name() or "").strip()


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


def find_app(timeout=30.0):
    end = time.time() + timeout
    while time.time() < end:
        desk = Atspi.get_desktop(0)
        for i in range(desk.get_child_count()):
            app = desk.get_child_at_index(i)
            if app is None:
                continue
            titles = [name(app.get_child_at_index(k)) for k in range(app.get_child_count())]
            if name(app).lower() == "counterpoint" or any(
                t.startswith("Counterpoint") for t in titles
            ):
                return app
        time.sleep(0.2)
    desk = Atspi.get_desktop(0)
    seen = [name(desk.get_child_at_index(i)) for i in range(desk.get_child_count())]
    raise SystemExit(f"the app did not appear on the AT-SPI bus (applications: {seen})")


def window(app):
    for i in range(app.get_child_count()):
        w = app.get_child_at_index(i)
        if w is not None:
            return w
    raise SystemExit("the app has no window")


def audit(win, where):
    """Fails on an untitled window, unnamed controls and bare Up/Down buttons."""
    title = name(win)
    if not title.startswith("Counterpoint"):
        problems.append(f"{where}: window title {title!r}")
    for node in walk(win):
        role = node.get_role_name()
        if role not in INTERACTIVE:
            continue
        n = name(node)
        if not n and role not in ("text", "entry"):
            problems.append(f"{where}: unnamed {role}")
        if n.lower() in ("up", "down", "move up", "move down"):
            problems.append(f"{where}: {role} {n!r} does not say which item it moves")
    if role_named(win, "text", "") is not None or role_named(win, "entry", "") is not None:
        # A text field's name comes from its label ("Your answer:").
        problems.append(f"{where}: unnamed text field")


def role_named(win, role, wanted, exact=True):
    for node in walk(win):
        if node.get_role_name() != role:
            continue
        n = name(node)
        if (n == wanted) if exact else (wanted in n):
            return node
    return None


def wait_for(win, role, wanted, exact=True, timeout=10.0):
    end = time.time() + timeout
    while time.time() < end:
        node = role_named(win, role, wanted, exact)
        if node is not None:
            return node
        time.sleep(0.1)
    raise SystemExit(f"no {role} named {wanted!r} in {name(win)!r}")


def wait_title(win, prefix, timeout=10.0):
    end = time.time() + timeout
    while time.time() < end:
        if name(win).startswith(prefix):
            return
        time.sleep(0.1)
    raise SystemExit(f"window title {name(win)!r}, expected {prefix!r}")


def press(node):
    node.get_action_iface().do_action(0)
    time.sleep(0.25)


def checked(node):
    return node.get_state_set().contains(Atspi.StateType.CHECKED)


def choice_text(c):
    return c if isinstance(c, str) else c["text"]


def readable_texts(win):
    return [text_of(n) for n in walk(win) if n.get_role_name() in ("label", "static", "text", "paragraph")]


def answer(win, q):
    kind = q["kind"]
    if kind == "single":
        right = choice_text(q["choices"][q["answer"] - 1])
        radio = wait_for(win, "radio button", f". {right}", exact=False)
        press(radio)
        radio = wait_for(win, "radio button", f". {right}", exact=False)
        if not checked(radio):
            problems.append(f"{q['id']}: radio button {name(radio)!r} not checked after pressing it")
    elif kind == "multiple":
        for a in q["answers"]:
            box = wait_for(win, "check box", f". {choice_text(q['choices'][a - 1])}", exact=False)
            press(box)
            box = wait_for(win, "check box", f". {choice_text(q['choices'][a - 1])}", exact=False)
            if not checked(box):
                problems.append(f"{q['id']}: check box {name(box)!r} not checked")
    elif kind == "true_false":
        press(wait_for(win, "radio button", "1. True" if q["answer"] else "2. False"))
    elif kind == "order":
        items = q["items"]
        n = len(items)
        for target, text in enumerate(items):
            for _ in range(n):
                pos = None
                for k in range(n):
                    if role_named(win, "toggle button", f"{k + 1} of {n}: {text}") or role_named(
                        win, "push button", f"{k + 1} of {n}: {text}"
                    ):
                        pos = k
                        break
                if pos is None:
                    problems.append(f"{q['id']}: order item {text!r} not named 'k of {n}: ...'")
                    return
                if pos == target:
                    break
                press(wait_for(win, "push button", f"Move {text} up"))
    elif kind == "match":
        for pair in q["pairs"]:
            combo = wait_for(win, "combo box", pair["left"])
            press(combo)
            options = [
                n
                for n in walk(win)
                if name(n) == pair["right"] and n.get_role_name() != "combo box"
                and n.get_role_name() in INTERACTIVE
            ]
            if not options:
                problems.append(f"{q['id']}: no option {pair['right']!r} after opening the list")
                return
            press(options[-1])
    elif kind in ("numeric", "text"):
        value = q["answer"] if kind == "numeric" and "answer" in q else q.get("min")
        typed = str(value) if kind == "numeric" else q["accept"][0]
        field = role_named(win, "entry", "Your answer:") or wait_for(win, "text", "Your answer:")
        field.get_editable_text_iface().set_text_contents(typed)
        time.sleep(0.25)


def main():
    binary, repo = sys.argv[1], sys.argv[2]
    started = time.time()
    work = tempfile.mkdtemp(prefix="counterpoint-a11y-")
    bank = os.path.join(work, "iskp")
    os.mkdir(bank)
    questions = seven_kinds_bank(repo, bank)
    by_prompt = {q["prompt"].strip()[:40]: q for q in questions.values()}
    data = os.path.join(work, "data")
    app_proc = subprocess.Popen(
        [binary, "--questions", bank, "--data-dir", data],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        app = find_app()
        win = window(app)
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
            texts = readable_texts(win)
            q = next(
                (q for key, q in by_prompt.items() if any(key[:30] in t for t in texts)),
                None,
            )
            if q is None:
                problems.append(f"question {step}: the prompt is not readable as text")
                raise SystemExit("\n".join(problems))
            log(f"question {step}: {q['kind']} ({q['id']})")
            answer(win, q)
            press(wait_for(win, "push button", "Submit"))
            # The outcome must be "Right" (wait_for stops the run otherwise).
            wait_for(win, "label", "Right", timeout=5.0)
            audit(win, f"feedback {step}")
            done.add(q["kind"])
            nxt = role_named(win, "push button", "Next question") or role_named(
                win, "push button", "See results"
            )
            press(nxt)
        wait_title(win, "Counterpoint: Results")
        audit(win, "results")
        score = [t for t in readable_texts(win) if t.startswith("Score:")]
        log(f"results: {score}")
        if score != ["Score: 7.0 of 7 (100%)"]:
            problems.append(f"results: {score}")
        if sorted(done) != sorted(KINDS):
            problems.append(f"kinds answered: {sorted(done)}")
    finally:
        app_proc.terminate()
        try:
            app_proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            app_proc.kill()
        shutil.rmtree(work, ignore_errors=True)
    log(f"took {time.time() - started:.1f} s")
    if problems:
        log("PROBLEMS:\n" + "\n".join(problems))
        sys.exit(1)
    log("ok: a quiz of all seven kinds completed through AT-SPI; no unnamed control, no bare Up/Down, titled window")


if __name__ == "__main__":
    main()
