"""The person's time zone and the current time in it: read from $TZ or the system.

Through the standard library's zoneinfo, which loads in a millisecond; dateutil's tz
(about 8 ms to load, with ctypes) is asked only for what zoneinfo cannot read, such as
a POSIX rule ("EST5EDT,M3.2.0,M11.1.0") in $TZ or a system without a zone file.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone, tzinfo
from functools import cache

_SYSTEM_ZONE = "/etc/localtime"


def now() -> datetime:
    """Now, to the second, in the person's zone."""
    return datetime.now(local_zone()).replace(microsecond=0)


def clock_now() -> datetime:
    """Now, to the second, at the offset local time has now (from the C library, which
    honours $TZ too): all an entry logged "now" needs, so logging loads no zone rules."""
    return datetime.now(timezone.utc).astimezone().replace(microsecond=0)


def local_zone() -> tzinfo:
    """The person's time zone: $TZ when set (as the C library reads it), else the system's."""
    name = os.environ.get("TZ", "").removeprefix(":")
    return _zone_named(name) if name else _system_zone()


@cache
def _zone_named(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo

    try:
        if os.path.isabs(name):
            with open(name, "rb") as file:
                return ZoneInfo.from_file(file, key=name)
        return ZoneInfo(name)
    except (OSError, ValueError, KeyError):  # not a zone name or file (a POSIX rule, say)
        return _dateutil_zone()


@cache
def _system_zone() -> tzinfo:
    from zoneinfo import ZoneInfo

    try:
        target = os.readlink(_SYSTEM_ZONE)
    except OSError:
        target = ""
    key = target.rpartition("zoneinfo/")[2] if "zoneinfo/" in target else ""
    try:
        if key:
            return ZoneInfo(key)  # named, as the system names it: "Europe/London"
        with open(_SYSTEM_ZONE, "rb") as file:
            return ZoneInfo.from_file(file, key="localtime")
    except (OSError, ValueError, KeyError):
        return _dateutil_zone()


def _dateutil_zone() -> tzinfo:
    from dateutil import tz

    zone = tz.gettz()
    return zone if zone is not None else tz.tzlocal()
