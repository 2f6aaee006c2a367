"""`glossary`: the glossary as a table, or the jieba user dictionary built from it."""

from __future__ import annotations

from snippets.markets import SITE_LANGUAGES


def register(sub) -> None:
    p = sub.add_parser("glossary", help="print the glossary, or the jieba user dictionary built from it")
    p.add_argument("--lang", choices=SITE_LANGUAGES, default="zh", help="language of the table (default zh)")
    p.add_argument("--jieba-dict", action="store_true", help="print the jieba user dictionary instead")
    p.set_defaults(func=run)


def run(args) -> int:
    from snippets.glossary import glossary_markdown, jieba_user_dict

    print(jieba_user_dict() if args.jieba_dict else glossary_markdown(args.lang), end="")
    return 0
