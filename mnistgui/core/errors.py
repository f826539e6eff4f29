"""Exceptions raised by the core, each with a message a user can act on."""


class MnistguiError(Exception):
    """Base class: the message is meant for the user, as it stands."""


class DataError(MnistguiError):
    """A dataset file or folder is missing, truncated or not what it claims to be."""


class DownloadError(DataError):
    """A download failed on every mirror, or was cancelled."""


class CheckpointError(MnistguiError):
    """A checkpoint file is corrupt, truncated, foreign or of an unknown format."""


class PreprocessError(MnistguiError):
    """A drawing or image cannot be turned into a model input (empty, wrong shape, unreadable)."""


class TrainingError(MnistguiError):
    """Training cannot go on (a loss that is not finite, a bad configuration)."""


class Cancelled(MnistguiError):
    """The user stopped a preparation before it was done; nothing of it is kept."""
