import numpy as np
import pytest

from nnbook import check_layer
from nnbook.conv import Conv2D, conv2d, conv2d_loop, conv_output_size

IMAGE = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)  # [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
FILTER = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])  # [[1, 2], [3, 4]]

# (N, C_in, H, W, C_out, kH, kW, stride, padding)
SHAPES = [
    (1, 1, 3, 3, 1, 2, 2, 1, 0),
    (2, 3, 7, 9, 4, 3, 2, 2, 1),  # non-square image and kernel, stride 2, padding 1
    (3, 2, 8, 6, 5, 1, 1, 1, 0),  # 1x1 kernel: mixes channels only
    (1, 1, 5, 5, 1, 5, 5, 1, 0),  # kernel as large as the image: one output
    (2, 4, 6, 6, 3, 3, 3, 3, 2),  # stride = kernel size: windows touch, never overlap
    (2, 3, 10, 7, 2, 3, 3, (2, 1), (0, 2)),  # different vertical and horizontal steps
    (1, 2, 4, 9, 3, 4, 2, 2, 0),  # stride that skips the last column
]


def random_case(shape, seed):
    N, C_in, H, W, C_out, kH, kW, stride, padding = shape
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((N, C_in, H, W))
    w = rng.standard_normal((C_out, C_in, kH, kW))
    b = rng.standard_normal(C_out)
    return x, w, b, stride, padding


@pytest.mark.parametrize(
    "n, k, s, p, expected",
    [(3, 2, 1, 0, 2), (32, 3, 1, 1, 32), (7, 3, 2, 1, 4), (28, 5, 1, 0, 24), (5, 5, 1, 0, 1),
     (9, 2, 2, 0, 4), (1, 3, 1, 1, 1)],
)
def test_conv_output_size(n, k, s, p, expected):
    assert conv_output_size(n, k, s, p) == expected
    assert isinstance(conv_output_size(n, k, s, p), int)


def test_conv_output_size_errors():
    with pytest.raises(ValueError, match=r"kernel_size 4 is larger than the padded input "
                                         r"n \+ 2\*padding = 2 \+ 2\*0 = 2"):
        conv_output_size(2, 4)
    with pytest.raises(ValueError, match="stride must be a positive integer, got 0"):
        conv_output_size(5, 3, stride=0)
    with pytest.raises(ValueError, match="padding must be a non-negative integer, got -1"):
        conv_output_size(5, 3, padding=-1)
    with pytest.raises(TypeError, match="n must be a positive integer, got float 2.5"):
        conv_output_size(2.5, 1)
    with pytest.raises(ValueError, match="kernel_size must be a positive integer, got 0"):
        conv_output_size(5, 0)
    with pytest.raises(TypeError, match="padding must be a non-negative integer, got float"):
        conv_output_size(5, 3, padding=1.0)
    with pytest.raises(TypeError, match=r"stride must be a positive integer or a pair"):
        conv2d(np.ones((1, 1, 4, 4)), np.ones((1, 1, 2, 2)), stride=1.0)
    with pytest.raises(TypeError, match=r"padding must be a non-negative integer or a pair"):
        Conv2D(1, 2, 3, padding=(1, 0.5))


def test_hand_computed_example():
    # Top-left output: 1*1 + 2*2 + 4*3 + 5*4 = 37; the filter is not flipped
    # (a flipped filter, i.e. true convolution, would give 1*4 + 2*3 + 4*2 + 5*1 = 23).
    np.testing.assert_array_equal(conv2d(IMAGE, FILTER), [[[[37.0, 47.0], [67.0, 77.0]]]])
    np.testing.assert_array_equal(conv2d(IMAGE, FILTER, b=[0.5]), [[[[37.5, 47.5], [67.5, 77.5]]]])


def test_hand_computed_example_with_stride_and_padding():
    # Padded image is 5x5; windows start at rows/columns 0 and 2 of it:
    # [[0,0],[0,1]] -> 4, [[0,0],[2,3]] -> 18, [[0,4],[0,7]] -> 36, [[5,6],[8,9]] -> 77.
    z = conv2d(IMAGE, FILTER, stride=2, padding=1)
    np.testing.assert_array_equal(z, [[[[4.0, 18.0], [36.0, 77.0]]]])


def test_edge_detector_on_a_step():
    # A vertical edge filter answers only where the image steps from dark to bright.
    x = np.zeros((1, 1, 4, 6))
    x[..., 3:] = 1.0
    w = np.array([[[[-1.0, 1.0], [-1.0, 1.0]]]])
    np.testing.assert_array_equal(conv2d(x, w)[0, 0], [[0, 0, 2, 0, 0]] * 3)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("with_bias", [True, False])
def test_conv2d_matches_the_loop(shape, with_bias):
    x, w, b, stride, padding = random_case(shape, seed=SHAPES.index(shape))
    b = b if with_bias else None
    fast = conv2d(x, w, b, stride=stride, padding=padding)
    np.testing.assert_allclose(fast, conv2d_loop(x, w, b, stride=stride, padding=padding),
                               rtol=1e-12, atol=1e-12)
    assert fast.dtype == np.float64


@pytest.mark.parametrize("shape", SHAPES)
def test_output_shape_follows_conv_output_size(shape):
    N, C_in, H, W, C_out, kH, kW, stride, padding = shape
    (sh, sw), (ph, pw) = [(v, v) if isinstance(v, int) else v for v in (stride, padding)]
    x, w, b, _, _ = random_case(shape, seed=0)
    expected = (N, C_out, conv_output_size(H, kH, sh, ph), conv_output_size(W, kW, sw, pw))
    assert conv2d(x, w, b, stride=stride, padding=padding).shape == expected


def test_layer_shapes_follow_the_contract():
    layer = Conv2D(3, 16, 3, padding=1, rng=np.random.default_rng(0))
    assert layer.params["W"].shape == (16, 3, 3, 3)
    assert layer.params["b"].shape == (16,)
    assert layer.W.dtype == np.float64
    assert layer.num_parameters() == 16 * 27 + 16
    assert layer(np.ones((2, 3, 8, 8))).shape == (2, 16, 8, 8)
    assert Conv2D(2, 4, (3, 1), stride=(2, 1)).W.shape == (4, 2, 3, 1)
    assert layer(np.ones((0, 3, 8, 8))).shape == (0, 16, 8, 8)  # an empty batch is fine
    assert layer.backward(np.ones((0, 16, 8, 8))).shape == (0, 3, 8, 8)


def test_layer_forward_is_conv2d():
    x, w, b, stride, padding = random_case(SHAPES[1], seed=1)
    layer = Conv2D(3, 4, (3, 2), stride=stride, padding=padding, rng=0)
    layer.W, layer.b = w, b
    np.testing.assert_allclose(layer(x), conv2d(x, w, b, stride, padding), rtol=1e-14)


def test_initialisation_is_reproducible_and_scaled():
    a = Conv2D(4, 8, 5, rng=np.random.default_rng(3)).W
    b = Conv2D(4, 8, 5, rng=np.random.default_rng(3)).W
    np.testing.assert_array_equal(a, b)
    bound = 1 / np.sqrt(4 * 5 * 5)
    assert np.abs(a).max() <= bound and np.abs(a).max() > 0.9 * bound
    assert not np.array_equal(a, Conv2D(4, 8, 5, rng=4).W)


@pytest.mark.parametrize(
    "C_in, C_out, kernel, stride, padding, x_shape",
    [
        (1, 1, 3, 1, 0, (2, 1, 5, 5)),  # stride 1, no padding
        (2, 3, 3, 2, 1, (2, 2, 6, 7)),  # stride 2, padding 1; the last column is never seen
        (3, 4, (2, 3), 1, 1, (2, 3, 5, 6)),  # several channels, non-square kernel
        (2, 2, 3, (2, 1), (1, 0), (1, 2, 7, 5)),
    ],
)
def test_gradient_check(C_in, C_out, kernel, stride, padding, x_shape):
    rng = np.random.default_rng(C_in * 10 + C_out)
    layer = Conv2D(C_in, C_out, kernel, stride=stride, padding=padding, rng=rng)
    layer.b = rng.standard_normal(C_out)
    # The output is linear in x, in W and in b (each with the others fixed), so central
    # differences have no truncation error at any step: a step larger than the default
    # 1e-6 only shrinks rounding error (~1e-16 * |C| / eps), which with the default step
    # reaches 1e-7 relative error on the few gradient entries that happen to be ~1e-3.
    errors = check_layer(layer, rng.standard_normal(x_shape), rng=rng, eps=1e-3)
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < 1e-7, errors


def test_gradients_match_a_loop_over_positions():
    rng = np.random.default_rng(8)
    layer = Conv2D(2, 3, 2, stride=2, padding=1, rng=rng)
    x = rng.standard_normal((2, 2, 3, 4))
    G = rng.standard_normal(layer(x).shape)
    dx = layer.backward(G)
    # Each output z[n, o, r, c] = sum(patch * W[o]) + b[o] sends G[n, o, r, c] * patch to
    # dW[o] and G[n, o, r, c] * W[o] back onto the patch.
    x_pad = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    dx_pad, dW = np.zeros_like(x_pad), np.zeros_like(layer.W)
    for n, o, r, c in np.ndindex(G.shape):
        window = (n, slice(None), slice(2 * r, 2 * r + 2), slice(2 * c, 2 * c + 2))
        dW[o] += G[n, o, r, c] * x_pad[window]
        dx_pad[window] += G[n, o, r, c] * layer.W[o]
    np.testing.assert_allclose(layer.grads["W"], dW, rtol=1e-12)
    np.testing.assert_allclose(layer.grads["b"], G.sum(axis=(0, 2, 3)), rtol=1e-12)
    np.testing.assert_allclose(dx, dx_pad[:, :, 1:-1, 1:-1], rtol=1e-12, atol=1e-15)


def test_backward_overwrites_grads():
    layer = Conv2D(1, 2, 2, rng=0)
    x = np.ones((1, 1, 3, 3))
    for _ in range(2):
        layer(x)
        layer.backward(np.ones((1, 2, 2, 2)))
    np.testing.assert_allclose(layer.grads["b"], [4.0, 4.0])
    np.testing.assert_allclose(layer.grads["W"], np.full((2, 1, 2, 2), 4.0))


def test_input_errors_name_expected_and_received():
    w = np.ones((4, 3, 3, 3))
    with pytest.raises(ValueError, match=r"x must have 4 dimensions \(N, C, H, W\), "
                                         r"got shape \(3, 8, 8\)"):
        conv2d(np.ones((3, 8, 8)), w)
    with pytest.raises(ValueError, match=r"w must have 4 dimensions \(C_out, C_in, kH, kW\), "
                                         r"got shape \(3, 3\)"):
        conv2d(np.ones((1, 3, 8, 8)), np.ones((3, 3)))
    with pytest.raises(ValueError, match=r"C_in = 3 channels .* got 2 channels"):
        conv2d(np.ones((1, 2, 8, 8)), w)
    with pytest.raises(ValueError, match=r"kernel height 3 is larger than the padded input "
                                         r"height 2 \+ 2\*0 = 2"):
        conv2d(np.ones((1, 3, 2, 8)), w)
    with pytest.raises(ValueError, match=r"kernel width 3 is larger .* width 1 \+ 2\*0 = 1"):
        conv2d(np.ones((1, 3, 8, 1)), w)
    conv2d(np.ones((1, 3, 1, 1)), w, padding=1)  # fits once padded
    # An image of no pixels, padded to fit: conv_output_size's "n must be" named no input.
    with pytest.raises(ValueError, match=r"at least one pixel along each axis, got height 0"):
        conv2d(np.ones((1, 3, 0, 8)), w, padding=2)
    with pytest.raises(ValueError, match=r"stride must be a positive integer .*got 0"):
        conv2d(np.ones((1, 3, 8, 8)), w, stride=0)
    with pytest.raises(ValueError, match=r"stride must be .* got \(1, 0\)"):
        conv2d(np.ones((1, 3, 8, 8)), w, stride=(1, 0))
    with pytest.raises(ValueError, match=r"padding must be a non-negative integer .*got -1"):
        conv2d(np.ones((1, 3, 8, 8)), w, padding=-1)
    with pytest.raises(ValueError, match=r"b must have shape \(4,\), got shape \(3,\)"):
        conv2d(np.ones((1, 3, 8, 8)), w, b=np.ones(3))
    with pytest.raises(TypeError, match="array of numbers"):
        conv2d(np.full((1, 3, 8, 8), "a"), w)
    with pytest.raises(ValueError, match=r"C_in = 3 channels"):
        conv2d_loop(np.ones((1, 2, 8, 8)), w)


def test_layer_errors():
    layer = Conv2D(3, 4, 3)
    with pytest.raises(ValueError, match="before forward"):
        layer.backward(np.ones((1, 4, 6, 6)))
    with pytest.raises(ValueError, match=r"C_in = 3 channels .* got 1 channels"):
        layer(np.ones((2, 1, 8, 8)))
    layer(np.ones((2, 3, 8, 8)))
    with pytest.raises(ValueError, match=r"shape \(2, 4, 6, 6\), got shape \(2, 4, 8, 8\)"):
        layer.backward(np.ones((2, 4, 8, 8)))
    with pytest.raises(ValueError, match=r"W must have shape \(4, 3, 3, 3\), got shape \(4, 3, 2"):
        layer.W = np.ones((4, 3, 2, 2))
    with pytest.raises(ValueError, match=r"b must have shape \(4,\), got shape \(3,\)"):
        layer.b = np.ones(3)
    with pytest.raises(ValueError, match="in_channels must be a positive integer"):
        Conv2D(0, 2, 3)
    with pytest.raises(ValueError, match="kernel_size must be a positive integer or a pair"):
        Conv2D(1, 2, (3, 3, 3))
    with pytest.raises(ValueError, match="padding must be a non-negative integer"):
        Conv2D(1, 2, 3, padding=-2)
    with pytest.raises(TypeError, match="rng must be"):
        Conv2D(1, 2, 3, rng="seed")


def test_repr():
    assert repr(Conv2D(3, 16, 3, padding=1)) == "Conv2D(3, 16, kernel_size=3, stride=1, padding=1)"
    assert repr(Conv2D(1, 2, (3, 1), stride=(2, 1))) == (
        "Conv2D(1, 2, kernel_size=(3, 1), stride=(2, 1), padding=0)"
    )


def test_matches_torch():
    torch = pytest.importorskip(
        "torch", reason="PyTorch is not installed: the comparison runs where it is"
    )
    for shape in SHAPES:
        x, w, b, stride, padding = random_case(shape, seed=3)
        layer = Conv2D(w.shape[1], w.shape[0], w.shape[2:], stride=stride, padding=padding)
        layer.W, layer.b = w, b
        z = layer(x)
        G = np.random.default_rng(4).standard_normal(z.shape)
        dx = layer.backward(G)
        xt, wt, bt = (torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in (x, w, b))
        zt = torch.nn.functional.conv2d(xt, wt, bt, stride=stride, padding=padding)
        zt.backward(torch.tensor(G))
        np.testing.assert_allclose(z, zt.detach().numpy(), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(layer.grads["W"], wt.grad.numpy(), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(layer.grads["b"], bt.grad.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("shape", [(1, 1, 2, 0), (1, 1, 0, 2), (0, 1, 2, 2)])
def test_a_filter_bank_with_an_empty_dimension_is_named(shape):
    # It was refused as a kernel_size of 0, an argument nobody passed.
    with pytest.raises(ValueError, match=r"w must have at least one filter, channel, row "
                                         rf"and column, got shape \({shape[0]}, "):
        conv2d(np.ones((1, 1, 4, 4)), np.ones(shape))
