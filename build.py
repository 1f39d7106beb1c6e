"""Build everything from book/ into dist/: the same as ``publish build``."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from publish.cli import main  # noqa: E402

if __name__ == "__main__":
    main(["build", *sys.argv[1:]])
