# flake8: noqa
from .version import __version__
