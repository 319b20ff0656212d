from iom_annual.cli import main

raise SystemExit(main())
