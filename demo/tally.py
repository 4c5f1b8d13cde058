"""What a demo run did, per kind of object: printed so a rerun shows it created nothing."""

from collections import Counter, defaultdict


class Tally:
    """Counts what a run did, per kind of object: created, already present, updated, removed."""

    def __init__(self):
        self.counts = defaultdict(Counter)

    def add(self, kind, action):
        self.counts[kind][action] += 1

    def created(self, kind):
        self.add(kind, "created")

    def found(self, kind):
        self.add(kind, "already present")

    def record(self, kind, created):
        self.add(kind, "created" if created else "already present")

    def line(self):
        """One line for `make run`: how much the run created or changed, in total."""
        totals = Counter()
        for actions in self.counts.values():
            totals.update(actions)
        done = [f"{totals[action]} {action}" for action in ("created", "updated", "removed")]
        done = [text for text in done if not text.startswith("0 ")]
        changed = ", ".join(done) if done else "nothing to change"
        return f"Demo content is ready ({changed}; -v 2 lists each kind)."

    def summary(self):
        lines = [
            f"  {kind}: " + ", ".join(f"{number} {action}" for action, number in actions.items())
            for kind, actions in self.counts.items()
        ]
        return "\n".join(["Demo content is ready.", *lines])
