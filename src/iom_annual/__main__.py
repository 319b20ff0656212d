try:  # Ctrl-C while the command line is imported: the same quiet status 130 as later
    from iom_annual.cli import main
except KeyboardInterrupt:
    import sys

    if sys.stderr is not None:
        sys.stderr.write("error: interrupted\n")
    raise SystemExit(130) from None

raise SystemExit(main())
