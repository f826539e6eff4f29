"""The bundle's entry point: the same command line as the installed ``mnistgui``."""

from mnistgui.cli import main

raise SystemExit(main())
