"""Where the tests find the repository and the built site (NNBOOK_SITE_DIR, else site/)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("NNBOOK_SITE_DIR", ROOT / "site"))
