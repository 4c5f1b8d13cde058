"""The tables `make bench-pages` prints: Markdown, so they paste into the README as they are."""


def markdown_table(headers, rows, right=()):
    """A Markdown table with padded columns; the columns named in `right` are right-aligned
    (numbers), the others left-aligned."""
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(headers)]

    def line(values):
        padded = [
            value.rjust(width) if header in right else value.ljust(width)
            for value, width, header in zip(values, widths, headers, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = [
        "-" * (width - 1) + ":" if header in right else "-" * width
        for width, header in zip(widths, headers, strict=True)
    ]
    return "\n".join([line(headers), line(rule), *(line(row) for row in cells)])


def ms(value):
    """Milliseconds, with a decimal below 100 ms (where one matters)."""
    if value is None:
        return "–"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def rps(value):
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def kilobytes(size):
    return f"{size / 1024:.1f} KB"


def ratio(value, floor):
    return f"{value / floor:.1%}" if floor else "–"
