"""The pagination bar (templates/includes/pagination.html): as short at 10,000 pages as at ten."""

import re

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def bar(pages, number):
    page_obj = Paginator(range(pages * 10), 10).page(number)
    request = RequestFactory().get("/search/", {"q": "recovery", "page": number})
    html = render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=request)
    numbers = re.findall(r"Page </span>(\d+)</a>", html)
    return [int(n) for n in numbers], html.count("…"), html


@pytest.mark.parametrize(
    ("pages", "number", "shown", "gaps"),
    [
        (10_000, 5_000, [1, 4_998, 4_999, 5_000, 5_001, 5_002, 10_000], 2),
        (10_000, 1, [1, 2, 3, 10_000], 1),
        (10_000, 10_000, [1, 9_998, 9_999, 10_000], 1),
        (5, 3, [1, 2, 3, 4, 5], 0),
    ],
)
def test_the_bar_shows_the_ends_and_the_neighbours_of_the_current_page(pages, number, shown, gaps):
    numbers, ellipses, html = bar(pages, number)
    assert numbers == shown
    assert ellipses == gaps
    assert f'aria-current="page"><span class="visually-hidden">Page </span>{number}<' in html
    assert "q=recovery" in html  # the query is kept
