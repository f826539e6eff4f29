"""The look and the small pieces every tab shares: the style sheet, cards, buttons, dialogs, image conversions."""
