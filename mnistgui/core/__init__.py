"""The machine-learning core of mnistgui: torch and numpy only, never Qt."""
