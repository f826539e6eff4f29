"""What the core says about fine-tuning (its strategies, its job's stages), as the interface says it.

The core speaks English and knows no Qt; its words are translated here, in the GUI, under the
context ``FinetunePanel``. A text the core adds later and this module does not know is shown as it is.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from mnistgui.core.finetune import STRATEGY_DESCRIPTIONS

STRATEGY_TITLES = {"replay": QT_TRANSLATE_NOOP("FinetunePanel", "Replay (recommended)"),
                   "full": QT_TRANSLATE_NOOP("FinetunePanel", "Everything, gently"),
                   "head": QT_TRANSLATE_NOOP("FinetunePanel", "Head only")}
#: the core's descriptions of the strategies (mnistgui.core.finetune), as the interface says them
STRATEGY_TEXT = {
    "replay": QT_TRANSLATE_NOOP("FinetunePanel", "tune every layer gently, mixing MNIST into each batch so nothing is forgotten (default)"),
    "full": QT_TRANSLATE_NOOP("FinetunePanel", "tune every layer gently on your samples only"),
    "head": QT_TRANSLATE_NOOP("FinetunePanel", "keep the convolutional layers, retrain only the fully connected head"),
}
#: the stages the fine-tuning job reports (mnistgui.core.jobs), as the interface says them
STAGE_TEXT = {
    "Loading MNIST…": QT_TRANSLATE_NOOP("FinetunePanel", "Loading MNIST…"),
    "Fine-tuning…": QT_TRANSLATE_NOOP("FinetunePanel", "Fine-tuning…"),
    "Measuring the base and the fine-tuned model on MNIST's test set…":
        QT_TRANSLATE_NOOP("FinetunePanel", "Measuring the base and the fine-tuned model on MNIST's test set…"),
    "Measuring the base and the fine-tuned model…": QT_TRANSLATE_NOOP("FinetunePanel", "Measuring the base and the fine-tuned model…"),
    "Saving the new version…": QT_TRANSLATE_NOOP("FinetunePanel", "Saving the new version…"),
    "Saving…": QT_TRANSLATE_NOOP("FinetunePanel", "Saving…"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("FinetunePanel", text)


def strategy_description(name: str) -> str:
    return _tr(STRATEGY_TEXT[name]) if name in STRATEGY_TEXT else STRATEGY_DESCRIPTIONS[name]


def stage_text(text: str) -> str:
    """A stage of the fine-tuning job, as the interface says it (an unknown one as it is)."""
    if text in STAGE_TEXT:
        return _tr(STAGE_TEXT[text])
    m = re.fullmatch(r"Measuring on your writing: fine-tune (\d+) of (\d+), each leaving a \S+ of your samples out to read…", text)
    if m:
        return QCoreApplication.translate(
            "FinetunePanel", "Measuring on your writing: fine-tune {0} of {1}, each leaving 1/{1} of your samples out to read…"
        ).format(m.group(1), m.group(2))
    return text


def strategy_title(name: str) -> str:
    return _tr(STRATEGY_TITLES[name]) if name in STRATEGY_TITLES else name
