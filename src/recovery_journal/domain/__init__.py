"""The domain: what an entry, a tracker and an export record are, and the rules they keep.

Entry kinds (their fields, validation and wording, written once on the kind), trackers,
export records, validation, dates ("yesterday 9pm" -> an aware datetime, given now), ids
and queries. Pure: no I/O, no clock, no framework. It imports nothing of ours but
`recovery_journal.errors`.
"""
