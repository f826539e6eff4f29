"""The files mnistgui ships: the default model, the icon and the translations.

In the repository they live in the top-level ``resources/`` folder; installed, they are the
package ``mnistgui.resources`` (``package-dir`` in pyproject.toml maps one to the other), inside
the wheel as package data. :func:`mnistgui.core.resources.resource_path` finds them.
"""
