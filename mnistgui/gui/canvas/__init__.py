"""The drawing canvas shared by the Draw, Fine-tune and Inside tabs: the widget, its document of strokes and their undoable edits."""
