"""``python -m cultureservice`` runs the command-line interface."""

from cultureservice.cli import main

raise SystemExit(main())
