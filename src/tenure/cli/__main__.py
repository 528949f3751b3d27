"""``python -m tenure.cli``: the ``tenure`` command."""

from tenure.cli import main

main()
