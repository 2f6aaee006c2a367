"""Errors a user can act on. The CLI prints them without a traceback and exits with `exit_code`."""


class UserError(Exception):
    """Bad input or arguments: say what is wrong, where, and how to fix it."""

    exit_code = 2
