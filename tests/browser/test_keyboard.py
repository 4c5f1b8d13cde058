"""Keyboard use of the article page: the skip link, and a visible focus indicator on every
interactive element, reached with Tab alone."""

from playwright.sync_api import expect

ARTICLE = "/blog/power-of-peer-support/"
MAX_TABS = 400

# What the browser puts in the Tab order: rendered, and not taken out with tabindex="-1"
# (the comment form's honeypot is).
TABBABLE_JS = """() => [...document.querySelectorAll(
    'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea,'
    + ' summary, iframe, [tabindex]'
)].filter(el => el.tabIndex >= 0 && el.checkVisibility({visibilityProperty: true}))
  .map(el => el.outerHTML.slice(0, 120))"""

FOCUS_STYLE_JS = """(el) => {
    const s = getComputedStyle(el);
    return {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
            outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
            boxShadow: s.boxShadow};
}"""

# Records the focused element and its focus styles; the unfocused styles are read at the end.
STEP_JS = """(focusStyle) => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    window.__visited = window.__visited || [];
    if (window.__visited.includes(el)) return {repeat: true};
    window.__visited.push(el);
    const rect = el.getBoundingClientRect();
    return {repeat: false, html: el.outerHTML.slice(0, 120), focused: focusStyle(el),
            onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0
                      && rect.top < window.innerHeight};
}"""


def test_skip_link_is_first_and_moves_focus_to_main(page, demo_site):
    page.goto(demo_site + ARTICLE)
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).not_to_be_in_viewport()

    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab continues inside main, not back at the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_every_interactive_element_on_the_article_shows_focus(page, demo_site):
    # Instant scrolling, so each focused element is already scrolled into view when measured.
    page.emulate_media(reduced_motion="reduce")
    page.goto(demo_site + ARTICLE)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Peer Support")
    tabbable = page.evaluate(TABBABLE_JS)

    visited = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        step = page.evaluate(f"({STEP_JS})({FOCUS_STYLE_JS})")
        if step is None or step["repeat"]:
            break  # Past the last element, focus leaves the document (or wraps around).
        visited.append(step)
    else:
        raise AssertionError(f"Tab never left the page after {MAX_TABS} presses")

    page.evaluate("document.activeElement.blur()")
    unfocused = page.evaluate(f"window.__visited.map({FOCUS_STYLE_JS})")

    problems = []
    for step, rest in zip(visited, unfocused, strict=True):
        focused = step["focused"]
        has_outline = focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2
        has_ring = focused["boxShadow"] not in ("none", rest["boxShadow"])
        changed = focused["outline"] != rest["outline"] or focused["boxShadow"] != rest["boxShadow"]
        if not ((has_outline or has_ring) and changed):
            problems.append(f"no visible focus indicator: {step['html']} ({focused})")
        if not step["onScreen"]:
            problems.append(f"focused but off screen: {step['html']}")
    assert not problems, "\n".join(problems)

    # Tab alone reached every interactive element (none is skipped or unreachable).
    missed = [html for html in tabbable if html not in {step["html"] for step in visited}]
    assert len(visited) == len(tabbable), f"Tab never reached: {missed}"
    # The article's own content was part of the walk, not just the header and footer.
    assert any("comment" in step["html"].lower() for step in visited)
