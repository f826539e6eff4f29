from mnistgui.cli import main

raise SystemExit(main())
