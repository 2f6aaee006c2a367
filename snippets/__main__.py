import sys

try:  # Ctrl+C while the libraries load, before main() runs, must not show a traceback either
    from snippets.cli import main

    code = main()
except KeyboardInterrupt:
    print("interrupted", file=sys.stderr)
    code = 130
raise SystemExit(code)
