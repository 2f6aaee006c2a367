"""`site build|serve|pack`: the bilingual handbook site."""

from __future__ import annotations

import sys
from pathlib import Path

from snippets.errors import UserError

SITE_LANGUAGES = ("zh", "en")


def register(sub) -> None:
    p = sub.add_parser("site", help="build both languages of the handbook site, or build and serve it")
    p.add_argument("action", choices=["build", "serve", "pack"],
                   help="build: write site/; serve: build, then serve on localhost; "
                        "pack: a zip that opens from disk (onboarding packs, no server needed)")
    p.add_argument("--output", type=Path, default=Path("seller-ops-handbook-offline.zip"), help="zip file for `pack`")
    p.add_argument("--lang", action="append", choices=list(SITE_LANGUAGES), help="build only this language (repeatable)")
    p.add_argument("--no-strict", action="store_true", help="do not turn warnings into errors")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--force", action="store_true", help="pack: overwrite --output if it exists")
    p.set_defaults(func=run)


def run(args) -> int:
    from snippets.site import build as site

    if not 1 <= args.port <= 65535:  # before the build, not after it
        raise UserError(f"--port {args.port}: a port is a number from 1 to 65535 (e.g. 8000)")
    if args.action == "pack":
        from snippets.outputs import check_output_file

        check_output_file(args.output, args.force)
        archive = site.pack(args.output)
        print(f"wrote {archive}: unzip it and open seller-ops-handbook/index.html", file=sys.stderr)
        return 0
    if args.action == "build" and not args.lang:
        site.clean(site.SITE_DIR)  # only what a build writes; anything else in the folder stays
    origin = f"http://127.0.0.1:{args.port}" if args.action == "serve" else None
    timings = site.build(strict=not args.no_strict, languages=args.lang, origin=origin)
    for lang, secs in timings.items():
        print(f"built {lang} in {secs:.1f}s -> {site.SITE_DIR / lang}", file=sys.stderr)
    if args.action == "serve":
        site.serve(port=args.port)
    return 0
