"""What every kind of entry has: the specification a new kind must meet.

Each test runs once per kind in `ENTRY_TYPES`, so adding a kind without its command,
edit options, wording, summary, colour or place in the report fails here by name,
instead of leaving the kind silently out of a list, a table or a report.
"""

from __future__ import annotations

import copy
import io
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import typer
from rich.console import Console

import recovery_journal.domain.kinds
from conftest import Cli
from recovery_journal.analytics.summary import build_summary
from recovery_journal.cli import app
from recovery_journal.domain.entries import (
    ENTRY_TYPES,
    KINDS,
    Entry,
    entry_from_json,
    kind_fields,
)
from recovery_journal.domain.kind_names import KIND_CLASSES, entry_type
from recovery_journal.reports.document import Facts
from recovery_journal.reports.summary_document import summary_document
from recovery_journal.terminal.entries import KIND_STYLES, entries_table

AT = datetime(2026, 3, 1, 21, 30, tzinfo=timezone.utc)
DAY = AT.date()

SAMPLES: dict[str, dict[str, Any]] = {
    "mood": {"score": 7, "feelings": ("calm",)},
    "craving": {"intensity": 6, "substance": "alcohol", "halt": ("tired",)},
    "trigger": {"description": "payday", "category": "situations"},
    "meeting": {"fellowship": "AA", "online": True, "minutes": 60},
    "gratitude": {"items": ("my sister",)},
    "use": {"substance": "alcohol", "amount": "2 drinks"},
    "sober": {"substance": "alcohol", "tracker": "a3f9k2m4b7c8e"},
    "note": {"text": "A quiet day."},
    "pacs": {"items": (3, 2, 1, 4, 2), "substance": "alcohol"},
    "reflection": {"use_id": "b7c8d9e0f1g2h", "different": "Leave the party earlier."},
    "connection": {"person": "Sam", "role": "sponsor", "how": "call", "minutes": 20},
    "service": {"description": "made the tea", "category": "meeting-service", "minutes": 30},
    "barc": {"items": (5, 4, 4, 3, 5, 4, 3, 6, 4, 5)},
    "challenge": {"days": 90},
}
"""Field values for one entry of each kind: a new kind needs one here too."""

EDIT_OPTIONS = {
    "feelings": "--feeling",
    "triggers": "--trigger",
    "items": "--item",
    "types": "--type",
}
"""Where an `edit` option is not `--<field>`: these list fields take one value per
repeated option, named in the singular."""
WORKED_OUT = {"total"}
"""Fields worked out from others (a PACS total is the sum of its items): never edited."""
LOGGING_COMMANDS = {
    "reflection": "reflect",
    "connection": "connect",
    "challenge": "meeting challenge start",
}
"""Where the command is not named after the kind: `rj reflect USE_ID` writes a reflection,
`rj connect` a connection, `rj meeting challenge start` a challenge."""


def sample(kind: str) -> Entry:
    return ENTRY_TYPES[kind](id="a3f9k2m4b7c8d", at=AT, **SAMPLES[kind])


def cli_commands() -> dict[str, Any]:
    """The app's commands by name, as `rj --help` lists them."""
    command: Any = typer.main.get_command(app)
    return dict(command.commands)


def cli_command(words: str) -> Any:
    """The command `rj WORDS` runs (`meeting challenge start`), or None."""
    command: Any = typer.main.get_command(app)
    for word in words.split():
        command = getattr(command, "commands", {}).get(word)
    return command


def edit_option(field: str) -> str:
    return EDIT_OPTIONS.get(field, "--" + field.replace("_", "-"))


# -- the registry ----------------------------------------------------------------------

KIND_PACKAGE = "recovery_journal.domain.kinds"


def test_every_kind_class_is_registered_in_entry_types() -> None:
    domain = Entry.__module__.rpartition(".")[0]
    defined = {cls for cls in Entry.__subclasses__() if cls.__module__.startswith(domain)}
    assert defined == set(ENTRY_TYPES.values())


def test_each_kind_is_found_by_name_in_a_domain_module_of_its_own_or_community() -> None:
    for kind, (module, _) in KIND_CLASSES.items():
        assert entry_type(kind) is ENTRY_TYPES[kind]
        assert entry_type(kind).__module__ == module
        assert module in (f"{KIND_PACKAGE}.{kind}", "recovery_journal.domain.community")


def test_every_module_in_the_kinds_package_is_named_in_the_registry() -> None:
    folder = Path(recovery_journal.domain.kinds.__file__).parent
    modules = {f"{KIND_PACKAGE}.{path.stem}" for path in folder.glob("*.py")} - {
        f"{KIND_PACKAGE}.__init__"
    }
    assert modules == {module for module, _ in KIND_CLASSES.values()} - {
        "recovery_journal.domain.community"
    }


def test_a_name_that_is_no_kind_is_not_found() -> None:
    with pytest.raises(KeyError):
        entry_type("relapse")


def test_logging_one_kind_builds_that_kind_alone(cli: Cli) -> None:
    """Each kind costs about half a millisecond to build: `rj craving` builds only Craving.
    In a real process, since this one has every kind loaded already."""
    cli.init()
    script = (
        "import sys\n"
        "from recovery_journal.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "sys.stderr.write('\\nKINDS ' + ' '.join(sorted(m for m in sys.modules if "
        f"m.startswith('{KIND_PACKAGE}.') or m == 'recovery_journal.domain.entries')))\n"
        "sys.exit(code)\n"
    )
    for args, built in (
        (["mood", "6"], ["mood"]),
        (["craving", "4", "--outcome", "resisted"], ["craving"]),
        (["note", "a quiet evening"], ["note"]),
    ):
        done = subprocess.run(
            [sys.executable, "-c", script, *args],
            env=cli.env,  # no passphrase: logged locked, with no KDF
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        loaded = done.stderr.rpartition("KINDS ")[2].split()
        assert loaded == [f"{KIND_PACKAGE}.{kind}" for kind in built], done.stderr


def test_every_kind_has_a_sample_here() -> None:
    assert set(SAMPLES) == set(KINDS)


def test_a_kind_without_its_summary_is_refused_when_defined() -> None:
    with pytest.raises(TypeError, match=r"Relapse lacks summary\(\)"):

        class Relapse(Entry):
            kind = "relapse"
            label = "relapse"
            plural = "relapses"


def test_a_kind_without_its_wording_is_refused_when_defined() -> None:
    with pytest.raises(TypeError, match="Relapse lacks label, plural"):

        class Relapse(Entry):
            kind = "relapse"

            def summary(self) -> str:
                return "relapse"


# -- per kind ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_kind_has_a_logging_command_named_after_it(kind: str) -> None:
    assert cli_command(LOGGING_COMMANDS.get(kind, kind)) is not None


@pytest.mark.parametrize("kind", KINDS)
def test_edit_has_an_option_for_each_of_the_kinds_fields(kind: str) -> None:
    edit = cli_commands()["edit"]
    options = {name for param in edit.params for name in (*param.opts, *param.secondary_opts)}
    fields = [field for field in kind_fields(kind) if field not in WORKED_OUT]
    missing = [field for field in fields if edit_option(field) not in options]
    assert not missing, f"`rj edit` cannot change the {kind} field(s) {missing}"


@pytest.mark.parametrize("kind", KINDS)
def test_kind_has_a_label_and_plural_for_counting(kind: str) -> None:
    cls = ENTRY_TYPES[kind]
    assert cls.label
    assert cls.plural
    assert cls.plural != cls.label
    assert cls.counted(1) == f"1 {cls.label}"
    assert cls.counted(3) == f"3 {cls.plural}"


@pytest.mark.parametrize("kind", KINDS)
def test_kind_entries_are_equal_exactly_when_every_field_is(kind: str) -> None:
    entry = sample(kind)
    twin = entry_from_json(entry.to_json())
    assert entry == twin
    assert hash(entry) == hash(twin)
    assert len({entry, twin}) == 1
    for name in entry.fields():
        assert f"{name}={getattr(entry, name)!r}" in repr(entry)
        altered = copy.copy(entry)
        object.__setattr__(altered, name, "something else")  # only this own field differs
        assert altered != entry
    assert entry != entry.with_changes(note="another note")
    assert entry != object()


@pytest.mark.parametrize("kind", KINDS)
def test_kind_says_whether_it_counts_against_a_tracker(kind: str) -> None:
    """Uses and sober days always; a craving only when acted on; nothing else ever."""
    assert sample(kind).counts_against_a_tracker() is (kind in ("use", "sober"))
    if kind == "craving":
        acted_on = sample(kind).with_changes(outcome="used")
        assert acted_on.counts_against_a_tracker()
        assert not sample(kind).with_changes(outcome="resisted").counts_against_a_tracker()


@pytest.mark.parametrize("kind", KINDS)
def test_kind_summarises_an_entry_in_one_line(kind: str) -> None:
    gist = sample(kind).summary()
    assert gist.strip()
    assert "\n" not in gist


@pytest.mark.parametrize("kind", KINDS)
def test_kind_has_its_row_and_colour_in_the_list(kind: str) -> None:
    entry = sample(kind)
    assert KIND_STYLES[kind]
    out = io.StringIO()
    Console(width=100, file=out, color_system=None).print(entries_table([entry]))
    row = out.getvalue().splitlines()[-1]
    assert f" {kind} " in row
    assert entry.summary() in row


def test_colours_are_only_for_kinds_that_exist() -> None:
    assert set(KIND_STYLES) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_kind_is_counted_in_the_summary_report(kind: str) -> None:
    report = build_summary(
        [sample(kind)],
        [],
        since=date(2026, 2, 23),
        until=DAY,
        generated=AT,
        zone=timezone.utc,
    )
    assert report.counts == {name: int(name == kind) for name in KINDS}
    overview = next(s for s in summary_document(report).sections if s.name == "overview")
    facts = dict(
        item for block in overview.blocks if isinstance(block, Facts) for item in block.items
    )
    assert facts["Logged"] == ENTRY_TYPES[kind].counted(1)
