"""Customer service: contact response time over a message export, and the message checker run over every
sent message (``response_time``, ``review``)."""
