"""The staff statistics of Annexes I-IV: the accessors (tables) and their validated records (models)."""
