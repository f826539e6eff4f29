"""The one MNIST folder setting, and the settings of earlier versions taken over once."""

from PySide6.QtCore import QSettings

from mnistgui import paths
from mnistgui.gui import mnist_folder
from mnistgui.gui.finetune.mnist_source import MnistSource


def test_unset_means_the_apps_cache_and_a_choice_is_kept(tmp_path):
    assert mnist_folder.chosen_folder() is None and mnist_folder.mnist_folder() == paths.mnist_cache_dir()
    mnist_folder.set_folder(tmp_path)
    assert mnist_folder.chosen_folder() == tmp_path == mnist_folder.mnist_folder()
    mnist_folder.set_folder(None)
    assert mnist_folder.chosen_folder() is None


def test_an_earlier_tabs_key_is_taken_over_once_and_removed(tmp_path):
    s = QSettings()
    s.setValue("finetune/mnist_dir", str(tmp_path / "ft"))
    s.setValue("train/data_folder", str(tmp_path / "train"))
    assert mnist_folder.chosen_folder() == tmp_path / "train"  # the Train tab's comes first
    assert s.value("train/data_folder") is None and s.value("finetune/mnist_dir") is None
    s.setValue("train/data_folder", str(tmp_path / "later"))  # an old key is not read again
    assert mnist_folder.chosen_folder() == tmp_path / "train"


def test_without_a_train_folder_the_finetune_one_is_taken_and_none_means_the_cache(tmp_path):
    s = QSettings()
    s.setValue("finetune/mnist_dir", str(tmp_path / "ft"))
    assert mnist_folder.chosen_folder() == tmp_path / "ft"
    s.remove(mnist_folder.SETTINGS_KEY)
    s.remove("finetune/mnist_dir")
    assert mnist_folder.chosen_folder() is None and s.value(mnist_folder.SETTINGS_KEY) == ""


def test_the_finetune_tab_and_the_train_tab_share_the_folder(qtbot, tmp_path, mnist_dir):
    from mnistgui.gui.train.data_panel import DataPanel

    source = MnistSource()
    assert source.set_folder(mnist_dir) and mnist_folder.chosen_folder() == mnist_dir
    panel = DataPanel(tmp_path / "empty-cache")
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.data_loaded, timeout=60000):
        panel.auto_load()  # the folder the Fine-tune tab chose
    assert panel.data.source == str(mnist_dir)
    req = source.request()
    assert req is not None and req.load() is panel.data  # one copy of MNIST in memory
