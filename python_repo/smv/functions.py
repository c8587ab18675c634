"""SMV 2.2's module path for its functions: `from smv.functions import smvStrCat, smvFirst`."""
from __future__ import annotations

from smv.helpers.functions import (diceSorensen, jaroWinkler, nGram2, nGram3, normlevenshtein, smvArrayCat,
                                   smvCollectSet, smvCreateLookUp, smvFirst, smvHashKey, smvStrCat)

__all__ = ["smvFirst", "smvCreateLookUp", "smvArrayCat", "smvCollectSet", "smvStrCat", "smvHashKey", "nGram2",
           "nGram3", "diceSorensen", "normlevenshtein", "jaroWinkler"]
