"""nnbook: the companion package of *Opening the black box*.

Neural networks in plain numpy, with names that mirror the book's maths: rows are
examples, ``W`` has one row per neuron, every layer has ``forward`` and ``backward``.
"""

from . import datasets, functional
from .activations import ReLU
from .dense import Dense
from .gradcheck import check_layer, gradient_check, numerical_gradient, relative_error
from .layer import Layer

__version__ = "0.1.0"

__all__ = [
    "Dense",
    "Layer",
    "ReLU",
    "check_layer",
    "datasets",
    "functional",
    "gradient_check",
    "numerical_gradient",
    "relative_error",
]
