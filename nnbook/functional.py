r"""Activation functions and their derivatives, as plain functions of arrays.

Each function acts element by element (softmax, row by row) and returns float64.
The ``*_prime`` functions give the derivative with respect to the input ``z``, which
backpropagation multiplies by the gradient arriving from above.
"""

import numpy as np

from ._checks import as_float_array


def relu(z):
    r"""Rectified linear unit :math:`\mathrm{ReLU}(z) = \max(0, z)`.

    Keeps positive inputs and replaces negative ones by zero: a neuron that "fires" only
    above its threshold.
    """
    z = as_float_array(z, "z")
    return np.maximum(z, 0.0)


def relu_prime(z):
    r"""Derivative of ReLU: :math:`1` where :math:`z > 0`, else :math:`0`.

    At :math:`z = 0` ReLU has a kink and no derivative; we use 0 there, as most
    libraries do.
    """
    z = as_float_array(z, "z")
    return (z > 0).astype(np.float64)
