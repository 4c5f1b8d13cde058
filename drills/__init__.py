"""Drills: Kinship's deployment exercised for real, outside `make test` (`make drill-restore`,
`make drill`). Each drill makes its own databases and files on this machine and removes them."""
