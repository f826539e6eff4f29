"""The Train tab: data, the training recipe, live curves, evaluation and the runs kept."""
