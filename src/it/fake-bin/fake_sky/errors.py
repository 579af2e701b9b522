"""The ways a command ends other than returning an exit code."""


class UsageError(Exception):
    """click.UsageError: usage header + 'Error: ...', exit 2."""

    def __init__(self, message, show_usage=True):
        super().__init__(message)
        self.message = message
        self.show_usage = show_usage


class SkyError(Exception):
    """An exception SkyPilot prints without traceback: 'module.Class: msg', exit 1."""

    def __init__(self, cls, message):
        super().__init__(message)
        self.cls = cls
        self.message = message


class Abort(Exception):
    """click.Abort: 'Aborted!' on stderr, exit 1."""


class Exit(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def cluster_does_not_exist(name):
    return SkyError("sky.exceptions.ClusterDoesNotExist", f"Cluster {name!r} does not exist.")
