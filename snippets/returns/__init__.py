"""Returns and refunds: return rate and reasons by SKU, reasons that point to the listing, refunds issued
after the deadline in ``snippets/data/deadlines.yaml`` (``return_refund_after_receipt_us``) (see ``analysis``)."""
