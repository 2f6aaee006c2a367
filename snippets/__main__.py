from snippets.cli import main

raise SystemExit(main())
