"""Analytics: pure functions of entries and today.

Streaks and milestones, trends and patterns, and the clinical report models (the
summary, the Timeline Followback, the diary card) as plain dataclasses. Nothing here
reads the journal, prints or imports a framework. It may import `domain` and `errors`.
"""
