"""Account-health metrics computed from a seller's own order export (see ``snippets/data/metrics.yaml``)."""
