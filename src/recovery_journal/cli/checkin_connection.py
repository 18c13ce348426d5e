"""The check-in's questions about connection: who the person reached out to, and any
service. Asked after the meeting question; each can be skipped like every other."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from recovery_journal.cli.checkin_questions import (
    YES_NO_SKIP,
    ask,
    confirm,
    one_of,
    text,
    whole,
    words,
    yes_no,
)

if TYPE_CHECKING:
    from recovery_journal.domain.entry_base import Entry
    from recovery_journal.domain.support import Person

MAX_CONNECTIONS = 10


def type_codes(answer: str) -> tuple[str, ...]:
    """'sp, d' -> ('SP', 'D'): meeting type codes, checked against the table."""
    from recovery_journal.domain.community import meeting_type

    return tuple(dict.fromkeys(meeting_type(code) for code in words("A type code")(answer)))


def ask_connections(moment: datetime, day: str, people: Sequence[Person]) -> list[Entry]:
    """Who the person reached out to `day` (a connection each), then any service."""
    from recovery_journal.domain.community import (
        CONNECTION_ROLES,
        CONNECTION_WAYS,
        SERVICE_KINDS,
        Connection,
        Service,
    )
    from recovery_journal.domain.support import in_call_order
    from recovery_journal.domain.validation import fold_name

    known = {fold_name(person.name): person for person in people}
    first = in_call_order(people)[0].name if in_call_order(people) else None
    planned: list[Entry] = []
    asked = f"Did you reach out to anyone {day} (a call, a text, a visit)?"
    while len(planned) < MAX_CONNECTIONS and confirm(asked, default=False):
        person = ask("  Who?", text("The person"), default=first)
        found = known.get(fold_name(person)) if person else None
        role = None
        if found is not None:
            person = found.name
            role = found.role if found.role in CONNECTION_ROLES else "other"
        else:
            roles = ", ".join(CONNECTION_ROLES)
            role = ask(f"  Who are they to you? ({roles})", one_of("The role", CONNECTION_ROLES))
        planned.append(
            Connection(
                id="",
                at=moment,
                person=person,
                role=role,
                how=ask(
                    f"  How? ({', '.join(CONNECTION_WAYS)})",
                    one_of("How you connected", CONNECTION_WAYS),
                ),
                helped=ask("  Did it help?", yes_no, shown=YES_NO_SKIP),
            )
        )
        asked = "Anyone else?"
    if confirm(f"Any service or giving back {day}?", default=False):
        planned.append(
            Service(
                id="",
                at=moment,
                description=ask("  What did you do?", text("The description")),
                category=ask(
                    f"  What kind? ({', '.join(SERVICE_KINDS)})",
                    one_of("The kind of service", SERVICE_KINDS),
                    default="other",
                )
                or "other",
                minutes=ask("  How many minutes", whole("Minutes", 1, 24 * 60)),
            )
        )
    return planned
