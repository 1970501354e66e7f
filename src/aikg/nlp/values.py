"""Read amounts, percentages and dates as written in news text into normalized values.

spaCy's NER finds the spans (MONEY, PERCENT, CARDINAL, QUANTITY, DATE); these functions say
what a span is worth: "$5.6 million" -> 5600000 USD, "10 billion yuan" -> 10000000000 CNY,
"almost 17%" -> 17 percent, "mid-2022" -> ``2022``, "October 17, 2023" -> ``2023-10-17``,
"last week" -> the document's date minus seven days. Nothing here knows spaCy: the functions
take strings, so they are tested on their own and reused wherever a value is written.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from aikg.model import Quantity

_SCALES = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "mln": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
    "t": 10**12,
}
_WORD_NUMBERS = {
    word: number
    for number, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12, "a": 1, "an": 1}
_CURRENCY_SIGNS = (  # longest first: "US$" before "$"
    ("HK$", "HKD"),
    ("US$", "USD"),
    ("A$", "AUD"),
    ("C$", "CAD"),
    ("S$", "SGD"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₩", "KRW"),
    ("₹", "INR"),
)
_CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "yen": "JPY",
    "jpy": "JPY",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "gbp": "GBP",
    "won": "KRW",
    "krw": "KRW",
    "rupees": "INR",
    "francs": "CHF",
    "chf": "CHF",
    "hkd": "HKD",
    "riyals": "SAR",
    "dirhams": "AED",
}
_NUMBER = re.compile(
    r"(?P<number>\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)\s*-?\s*(?P<scale>thousand|million|billion|"
    r"trillion|mn|mln|bn|tn|[kmbt](?![a-z]))?",
    re.IGNORECASE,
)
_WORD_NUMBER = re.compile(
    r"\b(?P<word>" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")\b"
    r"(?:[\s-]+(?P<scale>thousand|million|billion|trillion))?",
    re.IGNORECASE,
)
_MAX_DIGITS = 15
CURRENCY_SIGNS = frozenset(sign for sign, _ in _CURRENCY_SIGNS)
"""The signs written before an amount ("$", "HK$", "€"), for a sign spaCy leaves out of a span."""
_SIGN = re.compile(r"[-\u2212\u2013](?=\s*[$€£¥₩₹]?\s*\d)")


def parse_number(text: str) -> Decimal | None:
    """The first number written in ``text``, scaled: "671 billion" -> 671000000000,
    "10,000" -> 10000, "1.2tn" -> 1200000000000, "two million" -> 2000000."""
    match = _NUMBER.search(text)
    if match:
        digits = match["number"].replace(",", "")
        if len(digits) > _MAX_DIGITS:
            return None  # no amount in the news has that many digits: a code, not a number
        try:
            value = Decimal(digits)
        except InvalidOperation:
            return None
        scale = (match["scale"] or "").lower()
        return value * _SCALES.get(scale, 1)
    word = _WORD_NUMBER.search(text)
    if word and (word["scale"] or word["word"].lower() not in ("a", "an")):
        value = Decimal(_WORD_NUMBERS[word["word"].lower()])
        return value * _SCALES.get((word["scale"] or "").lower(), 1)
    return None


def parse_money(text: str) -> Quantity | None:
    """An amount of money with its ISO 4217 currency, the first one written: "10 billion yuan
    ($1.4 billion)" is 10000000000 CNY. None when no currency or no number is given."""
    first = text.split("(")[0] or text
    currency = _currency(first)
    value = parse_number(first)
    if currency is None or value is None:
        return None
    if _SIGN.match(first.strip()):
        value = -value
    return Quantity(value=value, unit=currency)


def _currency(text: str) -> str | None:
    for sign, code in _CURRENCY_SIGNS:
        if sign in text:
            return code
    for word in re.findall(r"[A-Za-z]+", text):
        code = _CURRENCY_WORDS.get(word.lower())
        if code:
            return code
    return None


def parse_percent(text: str) -> Quantity | None:
    """ "almost 17%", "17 percent", "17.5 per cent" -> percent; None without a percent sign."""
    if not re.search(r"%|\bper\s?cent\b", text, re.IGNORECASE):
        return None
    value = parse_number(text)
    return None if value is None else Quantity(value=value, unit="percent")


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)(?:-(?P<day>[0-3]\d))?\b")
_MONTH_DAY_YEAR = re.compile(
    r"\b" + _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+" + _YEAR, re.IGNORECASE
)
_DAY_MONTH_YEAR = re.compile(
    r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR, re.IGNORECASE
)
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r",?\s+(?:of\s+)?" + _YEAR, re.IGNORECASE)
_YEAR_RANGE = re.compile(r"\b(?:19|20)\d\d\s*[-\u2013]\s*(?:(?:19|20)\d\d|\d\d)\b")
_BARE_YEAR = re.compile(r"(?<![\d$€£])\b" + _YEAR + r"\b(?!s\b|'s\b|-\d)")
_DECADE = re.compile(r"\b(?:19|20)\d0s\b")
_RELATIVE = re.compile(
    r"\b(?P<which>last|this|next|previous|past)\s+(?P<unit>year|month|week)\b"
    r"|\b(?P<count>\w+)\s+(?P<units>years?|months?|weeks?|days?|decades?)\s+ago\b"
    r"|\b(?P<day>yesterday|today|tomorrow)\b"
    r"|\b(?:(?P<direction>on|last|next|this|coming)\s+)?(?P<weekday>"
    + "|".join(_WEEKDAYS)
    + r")\b",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    r"^\s*(?:on\s+)?" + _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s*$", re.IGNORECASE
)
_TWO_YEARS = re.compile(
    r"\b((?:19|20)\d\d)\s*(?:-|\u2013|to|and|until|through)\s*((?:19|20)\d\d)\b"
)
_REAL_YEAR = re.compile(r"^[1-9][0-9]{3}(?:-|$)")
_MONTH_ALONE = re.compile(r"^\s*(?:in\s+|last\s+|this\s+)?" + _MONTH + r"\s*$", re.IGNORECASE)


def parse_date(text: str, today: str | None = None) -> str | None:
    """An ISO date as precise as ``text`` is: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Absolute dates need nothing else ("October 2023", "17 October 2023", "mid-2022", "the second
    quarter of 2024" -> its year); relative ones ("last year", "three weeks ago", "on Monday",
    "in March") need ``today``, the document's own date, and are None without it. A decade or
    a range of years ("the 2010s", "2019-2021") is not a point in time: None.
    """
    match = _ISO.search(text)
    if match:
        return _iso(match["year"], match["month"], match["day"])
    if _DECADE.search(text) or _YEAR_RANGE.search(text):
        return None
    for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        match = pattern.search(text)
        if match:
            return _iso(match["year"], match["month"], match["day"])
    match = _MONTH_YEAR.search(text)
    if match:
        return _iso(match["year"], match["month"], None)
    years = _BARE_YEAR.findall(text)
    if len(years) == 1:
        return years[0]
    if today is None or years:
        return None
    try:
        resolved = _relative(text, date.fromisoformat(_padded(today)), today)
    except (ValueError, OverflowError):
        return None  # no date, or one out of any calendar ("3000 years ago", "next week" in 9999)
    return resolved if resolved is None or _REAL_YEAR.match(resolved) else None


def parse_year_range(text: str) -> tuple[str, str] | None:
    """ "from 2019 to 2022", "between 2019 and 2022", "2019-2022": the two years."""
    match = _TWO_YEARS.search(text)
    return (match[1], match[2]) if match else None


def is_whole_date(text: str) -> bool:
    """Whether the text is a full date and nothing more ("March 3, 2024", "2024-03-03")."""
    stripped = text.strip().rstrip(",")
    return any(pattern.fullmatch(stripped) for pattern in (_ISO, _MONTH_DAY_YEAR, _DAY_MONTH_YEAR))


def _iso(year: str, month: str | None, day: str | None) -> str | None:
    if month is None:
        return year
    number = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
    if not 1 <= number <= 12:
        return None
    if day is None:
        return f"{year}-{number:02d}"
    try:
        return date(int(year), number, int(day)).isoformat()
    except ValueError:
        return None


def _padded(today: str) -> str:
    """A date of any precision as a full date, for arithmetic: 2024 -> 2024-01-01."""
    return (today + "-01-01")[:10] if len(today) == 4 else (today + "-01")[:10]


def _relative(text: str, today: date, written: str) -> str | None:
    """Resolve "last year", "three weeks ago", "on Monday", "in March" against ``today``, at
    no finer precision than the document's own date."""
    precise = len(written) == 10
    month_day = _MONTH_DAY.match(text)
    if month_day and precise:  # "on Jan. 27": this year's, unless that is well ahead
        month = _MONTHS[month_day["month"].lower().rstrip(".")]
        day = date(today.year, month, int(month_day["day"]))
        return (
            day if day <= today + timedelta(days=7) else day.replace(year=today.year - 1)
        ).isoformat()
    month_only = _MONTH_ALONE.match(text)
    if month_only:
        month = _MONTHS[month_only["month"].lower().rstrip(".")]
        year = today.year if month <= today.month else today.year - 1
        return f"{year}-{month:02d}"
    match = _RELATIVE.search(text)
    if match is None:
        return None
    if match["which"]:
        step = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1}[
            match["which"].lower()
        ]
        unit = match["unit"].lower()
        if unit == "year":
            return str(today.year + step)
        if unit == "month":
            month_index = today.year * 12 + today.month - 1 + step
            return f"{month_index // 12}-{month_index % 12 + 1:02d}"
        return (today + timedelta(weeks=step)).isoformat() if precise else None
    if match["units"]:
        word = match["count"].lower()
        count = Decimal(1) if word in ("a", "an", "one") else parse_number(word)
        if count is None:
            return None
        amount, unit = int(count), match["units"].lower().rstrip("s")
        if unit == "decade":
            amount, unit = amount * 10, "year"
        if unit == "year":
            return str(today.year - amount)
        if unit == "month":
            month_index = today.year * 12 + today.month - 1 - amount
            return f"{month_index // 12}-{month_index % 12 + 1:02d}"
        days = amount * (7 if unit == "week" else 1)
        return (today - timedelta(days=days)).isoformat() if precise else None
    if not precise:
        return None
    if match["day"]:
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[match["day"].lower()]
        return (today + timedelta(days=shift)).isoformat()
    weekday = _WEEKDAYS.index(match["weekday"].lower())
    direction = (match["direction"] or "on").lower()
    if direction in ("next", "coming"):  # the first one after today
        return (today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)).isoformat()
    if direction == "this":  # the one of this week
        return (today + timedelta(days=weekday - today.weekday())).isoformat()
    back = (today.weekday() - weekday) % 7  # "on Monday": the latest, today included
    if direction == "last" and back == 0:
        back = 7  # "last Monday", said on a Monday: a week ago
    return (today - timedelta(days=back)).isoformat()
