"""Amounts, percentages and dates as news writes them, read into normalized values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aikg.model import Quantity
from aikg.nlp.values import parse_date, parse_money, parse_number, parse_percent


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("$5.6 million", "5600000", "USD"),
        ("about $600 billion", "600000000000", "USD"),
        ("US$1.1bn", "1100000000", "USD"),
        ("more than $13 billion", "13000000000", "USD"),
        ("10 billion yuan ($1.4 billion)", "10000000000", "CNY"),
        ("EUR 385 million", "385000000", "EUR"),
        ("€385m", "385000000", "EUR"),
        ("£2 billion", "2000000000", "GBP"),
        ("5 billion renminbi", "5000000000", "CNY"),
        ("HK$3.1 billion", "3100000000", "HKD"),
    ],
)
def test_money_is_a_full_amount_in_the_first_currency_written(
    text: str, value: str, unit: str
) -> None:
    assert parse_money(text) == Quantity(value=Decimal(value), unit=unit)


def test_money_needs_a_currency_and_a_number() -> None:
    assert parse_money("10 billion") is None
    assert parse_money("dollars") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("almost 17%", "17"), ("17 percent", "17"), ("3.5 per cent", "3.5")],
)
def test_percentages(text: str, value: str) -> None:
    assert parse_percent(text) == Quantity(value=Decimal(value), unit="percent")
    assert parse_percent("17 points") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("671 billion", 671 * 10**9), ("10,000", 10_000), ("two million", 2 * 10**6), ("70B", 70e9)],
)
def test_numbers_are_scaled(text: str, value: float) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023", "2023"),
        ("mid-2022", "2022"),
        ("early 2024", "2024"),
        ("the second quarter of 2024", "2024"),
        ("October 2023", "2023-10"),
        ("Oct. 17, 2023", "2023-10-17"),
        ("17 October 2023", "2023-10-17"),
        ("January 21, 2025", "2025-01-21"),
        ("2024-03-05", "2024-03-05"),
        ("the 2010s", None),
        ("2019-2021", None),
        ("last year", None),  # relative, and no document date to resolve it
    ],
)
def test_absolute_dates_at_the_precision_written(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("last year", "2024-06-12", "2023"),
        ("this year", "2024", "2024"),
        ("last month", "2024-01-15", "2023-12"),
        ("three weeks ago", "2024-06-12", "2024-05-22"),
        ("last week", "2024-06-12", "2024-06-05"),
        ("on Monday", "2024-06-12", "2024-06-10"),  # a Wednesday: the Monday before
        ("yesterday", "2024-03-01", "2024-02-29"),
        ("in March", "2024-06-12", "2024-03"),
        ("in September", "2024-06-12", "2023-09"),  # a month still to come: last year's
        ("on Monday", "2024-06", None),  # no finer than the document's own date
        ("a year ago", "2024-06-12", "2023"),
        ("two decades ago", "2024", "2004"),
        ("next Monday", "2024-06-12", "2024-06-17"),
        ("this Friday", "2024-06-12", "2024-06-14"),
        ("last Wednesday", "2024-06-12", "2024-06-05"),  # said on a Wednesday
        ("on Wednesday", "2024-06-12", "2024-06-12"),
        ("Jan. 27", "2025-02-03", "2025-01-27"),
        ("on December 28", "2025-01-03", "2024-12-28"),  # well ahead: last year's
    ],
)
def test_relative_dates_resolve_against_the_document_date(
    text: str, today: str, expected: str | None
) -> None:
    assert parse_date(text, today) == expected


def test_a_document_date_that_is_no_date_resolves_nothing() -> None:
    assert parse_date("last week", "2024-19-40") is None


@pytest.mark.parametrize(
    ("text", "today"),
    [
        ("3000 years ago", "2024-06-12"),  # before year 1000: no xsd year aikg writes
        ("1000000 days ago", "2024-06-12"),
        ("next week", "9999-12-31"),  # past the end of the calendar
        ("next year", "9999"),
    ],
)
def test_relative_dates_out_of_the_calendar_resolve_to_nothing(text: str, today: str) -> None:
    assert parse_date(text, today) is None


def test_numbers_too_long_to_be_amounts_are_none() -> None:
    assert parse_number("99999999999999999999 trillion") is None
    assert parse_money("$" + "9" * 40) is None
