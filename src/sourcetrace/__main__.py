"""``python -m sourcetrace``: the command line."""

from .cli import main

raise SystemExit(main())
