"""The Fine-tune tab: collect one's handwriting, keep it, fine-tune on it, and choose a model."""
