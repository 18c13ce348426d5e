"""The Penn Alcohol Craving Scale's five questions, worded for the substance tracked. Pure.

Flannery, B. A., Volpicelli, J. R., & Pettinati, H. M. (1999). Psychometric properties of
the Penn Alcohol Craving Scale. Alcoholism: Clinical and Experimental Research, 23(8),
1289-1295. Five items about the past week, each 0-6; the total is their sum (0-30). The
wording here follows the published items, adapted so that it reads right for other
substances (`rj pacs --substance nicotine`) as well as for alcohol.
"""

from __future__ import annotations

from dataclasses import dataclass

from recovery_journal.domain.validation import fold_name

HIGH_TOTAL = 15
"""The journal's own point for a gentle word (half the range): not a diagnostic cut-off."""
ALCOHOL_NAMES = frozenset({"alcohol", "drinking", "drink", "booze", "beer", "wine", "spirits"})


@dataclass(frozen=True)
class Words:
    """How the questions name the substance: 'drinking', 'a drink', 'to drink', ..."""

    act: str
    dose: str
    urge: str
    supply: str
    craving: str
    done: str


def words_for(substance: str | None) -> Words:
    """The PACS's own words for alcohol; plain 'using X' for anything else; or neutral."""
    if substance is None or fold_name(substance) in ("", "sobriety", "recovery"):
        return Words("drinking or using", "a drink or a use", "to drink or use", "some", "", "used")
    if fold_name(substance) in ALCOHOL_NAMES:
        return Words("drinking", "a drink", "to drink", "a bottle", "alcohol ", "drunk")
    name = substance.strip()
    return Words(f"using {name}", name, f"to use {name}", f"some {name}", f"{name} ", "used")


@dataclass(frozen=True)
class Question:
    text: str
    answers: tuple[str, ...]
    """The seven answers, for 0 to 6."""


_OFTEN = ("never", "rarely", "occasionally", "sometimes", "often")


def questions(substance: str | None) -> tuple[Question, ...]:
    """The five questions about the past week, worded for `substance`."""
    w = words_for(substance)
    return (
        Question(
            f"During the past week, how often have you thought about {w.act} or about how "
            f"good {w.dose} would make you feel?",
            (
                "Never",
                "Rarely (1-2 times)",
                "Occasionally (3-4 times)",
                "Sometimes (5-10 times, or 1-2 times a day)",
                "Often (11-20 times, or 2-3 times a day)",
                "Most of the time (20-40 times, or 3-6 times a day)",
                "Nearly all of the time (more than 40 times, or more than 6 times a day)",
            ),
        ),
        Question(
            f"At its most severe point, how strong was your craving {w.urge} during the past week?",
            (
                "None at all",
                "Slight, that is, a very mild urge",
                "Mild urge",
                "Moderate urge",
                "Strong urge, but easily controlled",
                "Strong urge and difficult to control",
                f"Strong urge, and would have {w.done} if able to",
            ),
        ),
        Question(
            f"During the past week, how much time have you spent thinking about {w.act} or "
            f"about how good {w.dose} would make you feel?",
            (
                "None at all",
                "Less than 20 minutes",
                "21 to 45 minutes",
                "46 to 90 minutes",
                "90 minutes to 3 hours",
                "Between 3 and 6 hours",
                "More than 6 hours",
            ),
        ),
        Question(
            f"During the past week, how difficult would it have been to resist {w.act} if "
            f"you had known {w.supply} was in your home?",
            (
                "Not difficult at all",
                "Very mildly difficult",
                "Mildly difficult",
                "Moderately difficult",
                "Very difficult",
                "Extremely difficult",
                "I would not have been able to resist",
            ),
        ),
        Question(
            "Keeping in mind your answers to the questions before, please rate your overall "
            f"average {w.craving}craving for the past week.",
            tuple(
                f"{when.capitalize()} thought about {w.act} and {when} had the urge {w.urge}"
                for when in _OFTEN
            )
            + tuple(
                f"Thought about {w.act} {when} and had the urge {w.urge} {when}"
                for when in ("most of the time", "nearly all of the time")
            ),
        ),
    )
