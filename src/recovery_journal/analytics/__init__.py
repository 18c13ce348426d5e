"""Pure analytics over journal entries: streaks and milestones, trends and patterns.

Every function takes entries (and `today` or a date range) and returns plain dataclasses;
nothing here reads the journal, prints or imports a framework.
"""
