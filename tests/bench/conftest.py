import sys
from pathlib import Path

# bench/ is a folder of scripts run from the repo root, not an installed package; `pytest` started
# without `python -m` would not see it.
REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
