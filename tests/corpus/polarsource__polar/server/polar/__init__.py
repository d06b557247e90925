from pkgutil import extend_path

__path__ = extend_path(__path__, __name__)

from polar.base import deserialize as deserialize

# Merge queue test
