"""Input torture (SECURITY.md B6, F1, F3): whatever is typed, a clear error or the exact entry.

Hypothesis generates dates, numbers and texts (control characters, NUL, right-
to-left overrides, lone surrogates as surrogateescape makes them from bad
bytes, emoji, combining marks, markup, texts around the 50,000-character
limit) and feeds them to the date parser and to the CLI's own `main()` in this
process (fast: no interpreter start per example). Every run must end with exit
0 and an entry that reads back exactly as typed (stripped), or a non-zero exit
with exactly one `Error:` line; never a traceback or "Unexpected problem".
A few examples also go through the real CLI, where argv and pipes are bytes.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import typer
import typer.main
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import PASSPHRASE, Cli
from recovery_journal.cli import main
from recovery_journal.domain.dates import end_of, parse_when, resolve_at, resolve_day, start_of
from recovery_journal.domain.validation import MAX_TAG_CHARS, MAX_TEXT_CHARS
from recovery_journal.errors import DateError

pytestmark = pytest.mark.slow  # the torture tests: `-m 'not slow'` skips them

PASSPHRASE_ENV = "RECOVERY_JOURNAL_PASSPHRASE"


_REAL_GET_COMMAND = typer.main.get_command
_BUILT: dict[int, Any] = {}


def _built_once(app: typer.Typer) -> Any:
    if id(app) not in _BUILT:
        _BUILT[id(app)] = _REAL_GET_COMMAND(app)
    return _BUILT[id(app)]


def run_main(
    args: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "", **env: str
) -> tuple[int, str, str]:
    """Run the CLI in this process: (exit code, stdout, stderr).

    `env` is set first: the passphrase variable is removed once read, so it is
    given again on every call. `stdin` is what a pipe would hold.
    """
    # Keep this process's umask and core-dump limit: later tests' children inherit them.
    monkeypatch.setattr(sys.modules["recovery_journal.cli.app"], "_harden_process", lambda: None)
    # Typer rebuilds the same Click command on every call (2/3 of an in-process run): once will do.
    monkeypatch.setattr(typer.main, "get_command", _built_once)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


def assert_clean_failure(code: int, out: str, err: str, args: object) -> None:
    assert code not in (0, 70), (args, code, out, err)  # 70: an unexpected exception
    assert err.count("\n") == 1, (args, err)
    assert err.startswith("Error: "), (args, err)
    assert "Traceback" not in out + err


SETTINGS = settings(
    max_examples=250,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure is never a fluke
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Runner:
    """The CLI in this process against the test's journal, counting examples."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("TZ", "Europe/London")
        self.monkeypatch = monkeypatch
        self.examples = 0
        self.calls = 0

    def __call__(self, *args: str, stdin: str = "") -> tuple[int, str, str]:
        self.calls += 1
        return run_main(list(args), self.monkeypatch, stdin=stdin, **{PASSPHRASE_ENV: PASSPHRASE})

    def saved(self, *args: str, stdin: str = "") -> dict[str, Any] | None:
        """Log; on success return the stored entry (from `show --json`), else None."""
        code, out, err = self(*args, stdin=stdin)
        if code != 0:
            assert_clean_failure(code, out, err, args)
            return None
        # Nothing on stderr but, after a hard moment, the support block (a Rich panel).
        assert err == "" or (err.startswith("╭─") and err.endswith("╯\n")), (args, err)
        words = out.split()
        assert words[0] == "Saved", out
        code, shown, err = self("show", words[-1], "--json")
        assert code == 0, err
        entry: dict[str, Any] = json.loads(shown)
        # Shown to a person: no raw control characters or bidi overrides reach the terminal.
        code, rendered, err = self("show", words[-1])
        assert code == 0, err
        for raw in ("\x1b", "\x00", "\x07", "\u202e", "\x9b"):
            assert raw not in rendered, (args, rendered)
        return entry


@contextlib.contextmanager
def measured(
    figures: Callable[..., None], name: str, runner: Runner | None = None
) -> Iterator[Callable[[], None]]:
    """Count examples through the returned callable and report examples per second."""
    count = [0]
    started = time.perf_counter()

    def one() -> None:
        count[0] += 1

    yield one
    elapsed = time.perf_counter() - started
    extra = {"cli_calls": runner.calls} if runner else {}
    figures(
        f"input: {name}",
        examples=count[0],
        **extra,
        tracebacks=0,
        examples_per_s=round(count[0] / elapsed, 1),
    )


# -- strategies ---------------------------------------------------------------------------

ODD = [
    "\x00", "\x07", "\x1b[2J", "\x1b]0;title\x07", "\u202e", "\u2066", "\u200f", "\u061c",
    "\u0301", "e\u0301", "\u0300" * 6, "👩‍👩‍👧", "🏳️‍🌈", "\ufeff", "\u2028", "\r\n", "\t", "\x85",
    "\x7f", "\x9b", "[/]", "[bold]", "[red]x[/red]", "\\", "%s", "{0}", "\udcff", "\udc80",
    "\U0010fffd", "\ue000", "ﷺ", "İ", "ß", "Σ", "  ", "-", "--", "#", "'", '"',
]  # fmt: skip
odd_text = st.lists(
    st.one_of(
        st.text(max_size=12),
        st.sampled_from(ODD),
        st.text(
            st.characters(categories=["Cc", "Cf", "Cs", "Co", "Mn", "Zs", "Zl", "Zp"]), max_size=4
        ),
    ),
    max_size=6,
).map("".join)


def has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


def expected_text(text: str) -> str | None:
    """What a free-text field stores, or None when it must be refused or left out."""
    if has_surrogate(text) or len(text.strip()) > MAX_TEXT_CHARS:
        return None
    return text.strip() or None


def expected_tag(tag: str) -> str | None:
    word = tag.strip().lstrip("#").strip().lower()
    if has_surrogate(tag) or not word or len(word) > MAX_TAG_CHARS:
        return None
    if any(ch.isspace() for ch in word):
        return None
    return word


LONDON = ZoneInfo("Europe/London")  # the zone conftest gives the CLI
NOW = datetime(2026, 3, 29, 0, 30, tzinfo=LONDON)  # the night clocks go forward
date_words = st.sampled_from(
    [
        "now", "today", "yesterday", "tomorrow", "tonight", "noon", "midnight", "last", "this",
        "friday", "fri", "ago", "days", "day", "weeks", "a", "an", "one", "hour", "min", "am",
        "pm", "p.m.", "at", "on", "2026-03-29", "01:30", "02:30", "29", "feb", "2024", "2025",
        "9999", "1899", "0", "+14:00", "-12:00", "utc", "z", "T", ":", ".", "/", "-", ",",
        "100000", "100001", "99999999999999999999", "9pm", "13pm", "24:00", "23:59", "\x00",
    ]
)  # fmt: skip
date_like = st.one_of(
    st.text(max_size=30),
    st.lists(st.one_of(date_words, st.integers(-100, 10**6).map(str)), max_size=5).map(" ".join),
    st.datetimes().map(lambda d: d.isoformat(sep=" ")),
)


# -- dates ----------------------------------------------------------------------------------


def test_any_text_as_a_date_gives_a_date_or_a_date_error(figures: Callable[..., None]) -> None:
    with measured(figures, "dates (parser)") as one:

        @settings(SETTINGS, max_examples=1500)
        @given(text=date_like, zone=st.sampled_from(["Europe/London", "Pacific/Kiritimati", "UTC"]))
        @example(text="2 days ago 02:30", zone="Europe/London")
        @example(text="29 feb 2025", zone="UTC")
        @example(text="9999-12-31 23:59", zone="Pacific/Kiritimati")
        @example(text="yesterday 25pm", zone="UTC")
        def parse(text: str, zone: str) -> None:
            one()
            now = NOW.astimezone(ZoneInfo(zone))
            for parse_one in (parse_when, resolve_at, resolve_day, start_of, end_of):
                try:
                    result = parse_one(text, now)
                except DateError as exc:
                    message = str(exc)
                else:
                    message = ""
                if message:
                    assert "\n" not in message
                    continue
                moment = getattr(result, "moment", result)
                if isinstance(moment, datetime):
                    assert moment.utcoffset() is not None, (text, parse_one)
                    assert 1900 <= moment.year <= 9999
                if parse_one is resolve_at:
                    assert isinstance(result, datetime)
                    assert result <= now + timedelta(days=1), text

        parse()


def outcome(text: str) -> bool | None:
    """Whether `--at text` is accepted right now (None: it depends on the second)."""
    try:
        resolve_at(text, datetime.now(LONDON).replace(microsecond=0))
    except DateError:
        return False
    return True


def test_any_text_as_when_through_the_cli(
    fresh: Cli, monkeypatch: pytest.MonkeyPatch, figures: Callable[..., None]
) -> None:
    run = Runner(monkeypatch)
    with measured(figures, "dates (CLI --at)", run) as one:

        @SETTINGS
        @given(text=date_like)
        @example(text="yesterday 9pm")
        @example(text="3000 years ago")
        @example(text="2026-02-30")
        def log_at(text: str) -> None:
            one()
            before = outcome(text)
            entry = run.saved("mood", "5", "--at", text)
            if before == outcome(text):  # the clock did not move it across a limit meanwhile
                assert (entry is not None) == before, (text, entry)
            if entry is not None:
                stored = datetime.fromisoformat(entry["at"])
                assert stored.utcoffset() is not None
                assert stored.year >= 1900
                assert stored <= datetime.now(LONDON) + timedelta(days=1)

        log_at()


# -- numbers -------------------------------------------------------------------------------

number_text = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.integers(-3, 13).map(str),
    st.text(max_size=8),
    st.sampled_from(
        ["\u0665", "\uff15", "1_0", " 7 ", "+3", "0x5", "5.0", "1e1", "", "-0", "\xb9", "7_"]
    ),
)
NUMBER_FIELDS = {  # args before the value, the JSON field, its range
    "mood score": (["mood", "--"], "score", 1, 10),
    "craving intensity": (["craving", "--"], "intensity", 0, 10),
    "trigger intensity": (["trigger", "stairs", "--intensity"], "intensity", 0, 10),
    "meeting minutes": (["meeting", "--minutes"], "minutes", 1, 24 * 60),
}


HUGE = 10**100


def denoted(text: str) -> int | None:
    """The whole number a text can fairly be read as ('7', ' +7 ', '1_0', '7.0'), else None."""
    match = re.fullmatch(r"\s*([+-]?\d+(?:_\d+)*)(?:\.0*)?\s*", text, flags=re.ASCII)
    if not match:
        return None
    digits = match.group(1).replace("_", "")
    return int(digits) if len(digits) < 100 else HUGE  # int() refuses 4,300 digits or more


def test_any_number_text_is_stored_exactly_or_refused(
    fresh: Cli, monkeypatch: pytest.MonkeyPatch, figures: Callable[..., None]
) -> None:
    run = Runner(monkeypatch)
    with measured(figures, "scores and intensities", run) as one:

        @SETTINGS
        @given(field=st.sampled_from(sorted(NUMBER_FIELDS)), value=number_text)
        @example(field="mood score", value="10")
        @example(field="mood score", value="11")
        @example(field="craving intensity", value="-1")
        @example(field="meeting minutes", value="9" * 5000)
        def log_number(field: str, value: str) -> None:
            one()
            before, name, low, high = NUMBER_FIELDS[field]
            entry = run.saved(*before, value)
            number = denoted(value)
            if entry is not None:  # accepted: exactly the number typed, within range
                assert number is not None, (field, value)
                assert entry[name] == number
                assert low <= number <= high
            if re.fullmatch(r"-?[0-9]+", value):  # plainly a number: in range is accepted
                assert (entry is not None) == (low <= (number or 0) <= high), (field, value)

        log_number()


# -- texts --------------------------------------------------------------------------------

TEXT_FIELDS = {  # args before the text, the JSON field, a list field?, required?
    "note text": (["note", "--"], "text", False, True),
    "note --note": (["note", "x", "--note"], "note", False, False),
    "mood --feeling": (["mood", "5", "--feeling"], "feelings", True, False),
    "craving --substance": (["craving", "3", "--substance"], "substance", False, False),
    "craving --trigger": (["craving", "3", "--trigger"], "triggers", True, False),
    "craving --coping": (["craving", "3", "--coping"], "coping", False, False),
    "trigger description": (["trigger", "--"], "description", False, True),
    "meeting --fellowship": (["meeting", "--fellowship"], "fellowship", False, False),
    "meeting --name": (["meeting", "--name"], "name", False, False),
    "gratitude item": (["gratitude", "--"], "items", True, True),
    "use --amount": (["use", "--amount"], "amount", False, False),
}


def test_any_text_in_any_field_round_trips_or_is_refused(
    fresh: Cli, monkeypatch: pytest.MonkeyPatch, figures: Callable[..., None]
) -> None:
    run = Runner(monkeypatch)
    with measured(figures, "texts (control chars, odd Unicode)", run) as one:

        @SETTINGS
        @given(field=st.sampled_from(sorted(TEXT_FIELDS)), text=odd_text)
        @example(field="note text", text="null \x00 and escape \x1b[2J and \u202e rtl")
        @example(field="note text", text="bad bytes \udcff\udcfe")
        @example(field="gratitude item", text=" \u2028 ")
        @example(field="mood --feeling", text="[/]")
        def log_text(field: str, text: str) -> None:
            one()
            before, name, is_list, required = TEXT_FIELDS[field]
            entry = run.saved(*before, text)
            want = expected_text(text)
            if has_surrogate(text) or (required and want is None):
                assert entry is None, (field, text, entry)
                return
            assert entry is not None, (field, text)
            if is_list:
                assert entry[name] == ([want] if want else [])
            else:
                assert entry[name] == want

        log_text()


def test_any_tag_is_stored_normalized_or_refused(
    fresh: Cli, monkeypatch: pytest.MonkeyPatch, figures: Callable[..., None]
) -> None:
    run = Runner(monkeypatch)
    with measured(figures, "tags", run) as one:

        @SETTINGS
        @given(tag=odd_text)
        @example(tag="#Gratitude")
        @example(tag="x" * (MAX_TAG_CHARS + 1))
        @example(tag="İstanbul")
        def log_tag(tag: str) -> None:
            one()
            entry = run.saved("note", "tagged", "--tag", tag)
            want = expected_tag(tag)
            if want is None:
                assert entry is None, (tag, entry)
            else:
                assert entry is not None, tag
                assert entry["tags"] == [want]

        log_tag()


def test_huge_texts_up_to_the_limit_round_trip_and_beyond_are_refused(
    fresh: Cli, monkeypatch: pytest.MonkeyPatch, figures: Callable[..., None]
) -> None:
    run = Runner(monkeypatch)
    with measured(figures, "huge texts", run) as one:

        @settings(SETTINGS, max_examples=40)
        @given(
            length=st.one_of(
                st.integers(MAX_TEXT_CHARS - 5, MAX_TEXT_CHARS + 5),
                st.integers(1, 3 * MAX_TEXT_CHARS),
            ),
            unit=st.sampled_from(["a", "é", "e\u0301", "👩‍👧", "\x00", "\u202e", "語"]),
            piped=st.booleans(),
        )
        @example(length=MAX_TEXT_CHARS, unit="a", piped=False)
        @example(length=MAX_TEXT_CHARS + 1, unit="a", piped=True)
        @example(length=20 * MAX_TEXT_CHARS, unit="a", piped=True)
        def log_huge(length: int, unit: str, piped: bool) -> None:
            one()
            text = (unit * length)[:length]
            args = ["note"] if piped else ["note", "--", text]
            entry = run.saved(*args, stdin=text if piped else "")
            if len(text) <= MAX_TEXT_CHARS:
                assert entry is not None, length
                assert entry["text"] == text
            else:
                assert entry is None, length

        log_huge()


def test_undecodable_bytes_and_odd_unicode_through_the_real_cli(initialized: Cli) -> None:
    """Real argv and pipes are bytes: bytes that are not UTF-8 become lone surrogates."""
    cli = initialized
    for args in ([b"note", b"bad \xff\xfe bytes"], [b"mood", b"5", b"--note", b"\xc3\x28"]):
        proc = subprocess.run(
            [sys.executable.encode(), b"-m", b"recovery_journal", *args],
            capture_output=True,
            env={**cli.env, PASSPHRASE_ENV: PASSPHRASE},
            timeout=60,
            check=False,
        )
        assert proc.returncode == 1, proc
        assert proc.stderr.count(b"\n") == 1, proc
        assert b"not valid text" in proc.stderr, proc
    odd = "zwj 👩‍👩‍👧 rtl \u202e nul-free combining e\u0301 markup [/] esc \x1b[2J bidi \u2066"
    short = cli.log("note", odd)
    assert json.loads(cli.ok("show", short, "--json").stdout)["text"] == odd
    shown = cli.ok("show", short).stdout
    assert "\x1b" not in shown
    assert "\u202e" not in shown
    at_limit = "\x00" + "語" * (MAX_TEXT_CHARS - 1)  # 150 kB of UTF-8 through a pipe
    piped = cli.log("note", stdin=at_limit)
    assert json.loads(cli.ok("show", piped, "--json").stdout)["text"] == at_limit
    too_long = cli("note", stdin=at_limit + "!")
    assert too_long.exit_code == 1
    assert too_long.stderr.count("\n") == 1
    assert "too long" in too_long.stderr
