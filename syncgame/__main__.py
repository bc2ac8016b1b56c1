from syncgame.cli import main

raise SystemExit(main())
