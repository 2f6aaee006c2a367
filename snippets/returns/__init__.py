"""Returns and refunds: return rate and reasons by SKU, reasons that point to the listing, refunds issued
after the deadline in ``snippets/data/deadlines.yaml`` (``return_refund``) (see ``analysis``)."""
