"""``python -m nkqa``: the command-line interface."""

from nkqa.cli import main

raise SystemExit(main())
