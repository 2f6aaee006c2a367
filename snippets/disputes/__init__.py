"""Dispute triage: claims, chargebacks, returns and feedback read from an export, classified, given their
deadline from ``snippets/data/deadlines.yaml`` and sorted by urgency (see ``triage``)."""
