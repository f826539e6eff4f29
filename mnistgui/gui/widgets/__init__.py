"""The look and the small pieces every tab shares: the style sheet, cards, buttons, banners,
dialogs, and grey images as QImages."""
