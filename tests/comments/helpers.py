"""Reading the comments on an article page."""

from bs4 import BeautifulSoup


def top_level_ids(page):
    """Ids of the comments at the top level of the article's comment list, in page order.
    `page` is the article's HTML or its BeautifulSoup."""
    if isinstance(page, str):
        page = BeautifulSoup(page, "html.parser")
    listing = page.select_one("#comments ol.comment-list")
    if listing is None:
        return []
    return [int(item["id"].removeprefix("c")) for item in listing.find_all("li", recursive=False)]
