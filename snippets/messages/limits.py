"""Input limits of the message checker (the CLI and the docs read them from here)."""

# A buyer message is a few thousand characters at most (Amazon's own form stops far below this limit);
# anything longer is not a message, and is refused rather than checked for minutes.
MAX_MESSAGE_CHARS = 20_000
