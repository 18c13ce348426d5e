"""What a command asks the journal to rebuild (EntryScope): an entry ruled out without
parsing is one that parsing would have ruled out too, whatever its words."""

from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from recovery_journal.domain.entries import Craving, Entry, Note
from recovery_journal.vault import crypto
from recovery_journal.vault.contents import EntryScope, decode_records, encode_record

AT = datetime(2026, 3, 1, 21, tzinfo=timezone(timedelta(hours=1)))
ACTED_ON = ("craving", "outcome", "used")
TRICKY = ['"outcome":"used"', 'outcome":"used', "used", '{"outcome":"used"}', "\\", '"']
words = st.one_of(st.sampled_from(TRICKY), st.text(max_size=30))


def sealed(entries: list[Entry]) -> tuple[crypto.RecordCipher, list[tuple[int, bytes]]]:
    cipher = crypto.RecordCipher(crypto.new_data_key(), b"journal-id", b"dek-id")
    rows = []
    for row_id, entry in enumerate(entries, start=1):
        body = entry.to_json()
        del body["id"]
        rows.append((row_id, cipher.seal(row_id, encode_record("entry", body))))
    return cipher, rows


@given(
    outcomes=st.lists(st.sampled_from([None, "resisted", "used"]), min_size=1, max_size=8),
    notes=st.lists(st.none() | words, min_size=8, max_size=8),
    coping=words,
)
def test_only_the_cravings_acted_on_are_kept_whatever_their_words(
    outcomes: list[str | None], notes: list[str | None], coping: str
) -> None:
    cravings: list[Entry] = [
        Craving(
            id="",
            at=AT,
            intensity=5,
            outcome=outcome,
            note=note,
            coping=coping or None,
            tracker="t1" if outcome == "used" else None,
        )
        for outcome, note in zip(outcomes, notes[: len(outcomes)], strict=True)
    ]
    cipher, rows = sealed([*cravings, Note(id="", at=AT, text='"outcome":"used"')])
    contents = decode_records(rows, cipher, EntryScope(only_where=(ACTED_ON,)))
    kept = [entry for entry in contents.entries if isinstance(entry, Craving)]
    assert len(kept) == outcomes.count("used")
    assert all(entry.outcome == "used" for entry in kept)
    assert [entry.kind for entry in contents.entries].count("note") == 1
    assert contents.skipped == len(outcomes) - outcomes.count("used")
    assert not contents.damaged
