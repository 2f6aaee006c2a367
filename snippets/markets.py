"""Names the whole project shares: the marketplaces we sell on, the handbook's languages and the buyers'
languages. Defined once here; data files, the CLI and the pages use these."""

from __future__ import annotations

from datetime import date

PLATFORMS = ("amazon", "ebay", "walmart")
SITE_LANGUAGES = ("zh", "en")  # the handbook and every table or report it prints
BUYER_LANGUAGES = ("en", "de", "fr", "es", "it", "ja")  # reply templates and the message checker
SAMPLE_DATA_END = date(2026, 10, 31)  # last purchase day of the synthetic sample exports
