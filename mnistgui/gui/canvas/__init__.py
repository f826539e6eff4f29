"""The drawing canvas the Draw, Fine-tune and Inside tabs share: the widget, its document of
strokes and their undoable edits, its painting, and files, the clipboard and drops in and out."""
