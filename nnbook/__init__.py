"""nnbook: the companion package of *Opening the black box*.

Neural networks in plain numpy, with names that mirror the book's maths: rows are
examples, ``W`` has one row per neuron, every layer has ``forward`` and ``backward``.
The plain functions live in submodules: ``nnbook.functional`` (activations and their
derivatives), ``nnbook.losses``, ``nnbook.descent``, ``nnbook.datasets``; ``nnbook.autodiff``
finds gradients by itself (``nnbook.Tensor``).
"""

from . import autodiff, datasets, descent, functional, losses, optim
from .activations import Activation, ReLU, Sigmoid, Softmax, Tanh
from .autodiff import Tensor
from .conv import Conv2D, conv2d, conv2d_loop, conv_output_size
from .dense import Dense
from .descent import gradient_descent, minibatches
from .gradcheck import check_layer, gradient_check, numerical_gradient, relative_error
from .layer import Layer
from .losses import MSE, BinaryCrossEntropy, CrossEntropy
from .optim import SGD, Adam
from .pool import MaxPool2D, maxpool2d
from .regularisation import L2
from .sequential import Flatten, Sequential, mlp
from .training import History, accuracy, evaluate, fit, one_hot

__version__ = "0.1.0"

__all__ = [
    "SGD",
    "Activation",
    "Adam",
    "BinaryCrossEntropy",
    "Conv2D",
    "CrossEntropy",
    "Dense",
    "Flatten",
    "History",
    "L2",
    "Layer",
    "MSE",
    "MaxPool2D",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Softmax",
    "Tanh",
    "Tensor",
    "accuracy",
    "autodiff",
    "check_layer",
    "conv2d",
    "conv2d_loop",
    "conv_output_size",
    "datasets",
    "descent",
    "evaluate",
    "fit",
    "functional",
    "gradient_check",
    "gradient_descent",
    "losses",
    "maxpool2d",
    "minibatches",
    "mlp",
    "numerical_gradient",
    "one_hot",
    "optim",
    "relative_error",
]
