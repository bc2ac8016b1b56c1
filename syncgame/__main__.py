from syncgame.commands.cli import main

raise SystemExit(main())
