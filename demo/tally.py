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

    def summary(self):
        lines = [
            f"  {kind}: " + ", ".join(f"{number} {action}" for action, number in actions.items())
            for kind, actions in self.counts.items()
        ]
        return "\n".join(["Demo content is ready.", *lines])
