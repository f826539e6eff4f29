"""The Draw tab: the canvas, the live reading, what the model sees, and the correction bar."""
