import pytest

from faq.wizard import tree as wizard_tree
from tests.helpers import REAL_CONTENT

WIZARD_FILE = REAL_CONTENT / "wizard.yaml"


@pytest.fixture(scope="module")
def entry_ids():
    from faq.content import loader

    return wizard_tree.entry_ids_of(loader.load(REAL_CONTENT))


@pytest.fixture(scope="module")
def tree(entry_ids):
    tree, problems = wizard_tree.load(WIZARD_FILE, entry_ids)
    assert problems == []
    return tree
