"""Opening the app and asking for help load no torch: the command line names the subcommands
without importing the modules their options come from (see ``mnistgui.cli.build_parser``)."""

import subprocess
import sys

HEAVY = ("torch", "torchvision")


def modules_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint('loaded:', *(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    return set(out.stdout.splitlines()[-1].split()[1:])


def test_help_and_version_import_no_torch():
    for arg in ("--help", "--version"):
        code = ("from mnistgui.cli import main\n"
                f"try:\n    main([{arg!r}])\nexcept SystemExit:\n    pass")
        assert modules_after(code) == set(), arg


def test_parsing_the_app_s_options_imports_no_torch():
    code = ("from mnistgui.cli import build_parser\n"
            "a = build_parser(['--tab', 'train', '--size', '800x600']).parse_args(['--tab', 'train', '--size', '800x600'])\n"
            "assert a.command is None and a.tab == 'train'")
    assert modules_after(code) == set()


def test_a_subcommand_still_gets_all_its_options():
    from mnistgui.cli import build_parser

    argv = ["train", "--out", "m.pt", "--arch", "wide", "--epochs", "2"]
    a = build_parser(argv).parse_args(argv)
    assert (a.command, a.arch, a.epochs) == ("train", "wide", 2)
