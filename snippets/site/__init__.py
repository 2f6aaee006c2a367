"""The handbook site: ``build`` (MkDocs, one project per language), ``hooks`` (the MkDocs hooks),
``generated`` (tables the pages take from ``snippets/data``), ``vendor`` (third-party files shipped in the site)."""
