"""Daylio's dates and times, as its CSV export writes them in every generation and locale.

`full_date` (2018 on) is ISO and the only reliable date; a spreadsheet re-save turns it
into M/D/YYYY, read only as a fallback with the `date` column ("30-Jun") deciding which
number is the month. The oldest exports have no ISO date at all: a `year` column and a
localized day and month ("June 22", "9 January", "16 de octubre", "7 września"), checked
against the localized weekday when it is one we know. Times are the phone's locale:
"20:39", "9:03", "5:01 PM", "7:24 pm", and "9:34\u202fPM" with a narrow no-break space.
"""

from __future__ import annotations

import re
from datetime import date, time

from recovery_journal.errors import InvalidInput

# Month names per locale, January first. Polish uses the genitive ("7 września") in dates.
_MONTHS = {
    "en": "january february march april may june july august september october november december",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
    "listopada grudnia",
    "pl-nominative": "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień "
    "październik listopad grudzień",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
    "dezembro",
}
# Weekdays per locale, Monday first: used to check a rebuilt date, never to build one.
_WEEKDAYS = {
    "en": "monday tuesday wednesday thursday friday saturday sunday",
    "es": "lunes martes miércoles jueves viernes sábado domingo",
    "pl": "poniedziałek wtorek środa czwartek piątek sobota niedziela",
    "de": "montag dienstag mittwoch donnerstag freitag samstag sonntag",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "it": "lunedì martedì mercoledì giovedì venerdì sabato domenica",
    "pt": "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo",
}


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for names in _MONTHS.values():
        for number, name in enumerate(names.split(), start=1):
            table[name] = number
            table.setdefault(name[:3], number)  # "Nov 1", "30-Jun"
    table["sept"] = 9
    return table


MONTHS = _month_table()
WEEKDAYS = {name: index for names in _WEEKDAYS.values() for index, name in enumerate(names.split())}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SLASHED_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DAY_AND_MONTH = re.compile(
    r"^(?:(\d{1,2})\.?\s*(?:de\s+)?([^\W\d_]+)\.?|([^\W\d_]+)\.?\s*(\d{1,2}))$"
)
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?:\s*([AaPp])\.?\s*[Mm]\.?)?$")
_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})


def iso_date(value: str) -> date | None:
    """`full_date` as ISO YYYY-MM-DD; None when it is in another form."""
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise InvalidInput(f"{value.strip()!r} is not a real date.") from None


def day_and_month(value: str) -> tuple[int, int] | None:
    """The day and month of a localized `date` ("June 22", "9 January", "30-Jun"); None if not."""
    text = " ".join(value.replace("-", " ").split()).casefold()
    match = _DAY_AND_MONTH.match(text)
    if not match:
        return None
    day, name = (match[1], match[2]) if match[1] else (match[4], match[3])
    month = MONTHS.get(name)
    return None if month is None else (int(day), month)


def slashed_date(value: str, hint: str) -> tuple[date, bool] | None:
    """A spreadsheet's M/D/YYYY (or D/M/YYYY): the date, and whether the order was a guess.

    The `date` column (`hint`, "30-Jun") decides; without it, a number over 12 does;
    otherwise month first, as US spreadsheets write it, flagged as a guess.
    """
    match = _SLASHED_DATE.match(value.strip())
    if not match:
        return None
    first, second, year = int(match[1]), int(match[2]), int(match[3])
    known = day_and_month(hint)
    guessed = False
    if known == (first, second) or (known is None and first > 12):
        day, month = first, second
    elif known == (second, first) or (known is None and second > 12):
        day, month = second, first
    elif known is None:
        month, day, guessed = first, second, first != second
    else:
        raise InvalidInput(f"{value.strip()!r} does not agree with the date column {hint!r}.")
    try:
        return date(year, month, day), guessed
    except ValueError:
        raise InvalidInput(f"{value.strip()!r} is not a real date.") from None


def rebuilt_date(year: str, value: str, weekday: str) -> date:
    """The oldest exports' date: `year` plus a localized day and month, checked by weekday."""
    if not re.fullmatch(r"\d{4}", year.strip()):
        raise InvalidInput(f"the year {year.strip()!r} is not a year.")
    found = day_and_month(value)
    if found is None:
        raise InvalidInput(f"the date {value.strip()!r} is not a day and month we can read.")
    day, month = found
    try:
        result = date(int(year), month, day)
    except ValueError:
        raise InvalidInput(f"{value.strip()!r} {year.strip()} is not a real date.") from None
    expected = WEEKDAYS.get(weekday.strip().casefold())
    if expected is not None and expected != result.weekday():
        raise InvalidInput(
            f"{value.strip()!r} {year.strip()} was not a {weekday.strip()}; the date is unclear."
        )
    return result


def clock_time(value: str) -> time:
    """Daylio's time in any locale form seen: 24 h, or 12 h with AM/PM in any case or spacing."""
    text = value.translate(_SPACES).strip()
    match = _CLOCK.match(text)
    if not match:
        raise InvalidInput(f"the time {value.strip()!r} is not one we can read.")
    hour, minute, marker = int(match[1]), int(match[2]), match[3]
    if marker is not None:
        if not 1 <= hour <= 12:
            raise InvalidInput(f"the time {value.strip()!r} is not a 12-hour time.")
        hour = hour % 12 + (12 if marker in "Pp" else 0)
    if hour > 23 or minute > 59:
        raise InvalidInput(f"the time {value.strip()!r} is not a time of day.")
    return time(hour, minute)
