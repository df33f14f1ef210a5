"""The synonym table in content/search-synonyms.yaml: each variant maps to one canonical term, at
index and at query time alike (analysis.CanonicalFilter); and the katakana spellings of names in
content/search-katakana.yaml, read as the name before analysis (analysis.japanese_words). Read with
file:line problems."""

import re
from pathlib import Path

from ..content import yamlschema
from ..content.entryfile import read_yaml
from ..content.problems import ContentError
from ..content.yamlschema import SchemaError
from .analysis import base_analyzer, normalize

SYNONYMS_FILE = "search-synonyms.yaml"
KATAKANA_FILE = "search-katakana.yaml"
_KATAKANA = re.compile("[\u30a1-\u30fa\u30fc]+")
_NAME = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")


def load_synonyms(content_dir, japanese="sudachi"):
    """{variant: canonical} from content/search-synonyms.yaml; raises ContentError with file:line."""
    mapping, problems = read_yaml(Path(content_dir) / SYNONYMS_FILE, lambda root: _synonyms(root, japanese))
    if problems:
        raise ContentError(problems)
    return mapping


def _synonyms(root, japanese):
    mapping = {}
    analyzer = base_analyzer(japanese)
    for key, node in yamlschema.mapping(root, SYNONYMS_FILE).items():
        for value in [yamlschema.text(n, "a synonym") for n in yamlschema.sequence(node, key)] + [key]:
            words = [t.text for t in analyzer(normalize(value))]
            if len(words) != 1 and japanese == "bigram":
                continue  # bigrams split every Japanese word: only ASCII synonyms apply
            if len(words) != 1:
                raise SchemaError(node, f"synonym {value!r} is {len(words)} words to search; use one word")
            if words[0] != key.lower():
                mapping[words[0]] = key.lower()
    return mapping


def load_katakana(content_dir):
    """{katakana spelling: name} from content/search-katakana.yaml ({} without the file); raises
    ContentError with file:line."""
    if not (Path(content_dir) / KATAKANA_FILE).exists():
        return {}
    mapping, problems = read_yaml(Path(content_dir) / KATAKANA_FILE, _katakana)
    if problems:
        raise ContentError(problems)
    return mapping


def _katakana(root):
    mapping = {}
    for name, node in yamlschema.mapping(root, KATAKANA_FILE).items():
        if not _NAME.fullmatch(name):
            raise SchemaError(node, f"name {name!r} must be as searched: lower case a-z 0-9 - .")
        for value in yamlschema.sequence(node, name):
            spelling = normalize(yamlschema.text(value, "a katakana spelling"))
            if not _KATAKANA.fullmatch(spelling) or spelling.startswith("ー"):
                raise SchemaError(value, f"spelling {spelling!r} must be katakana only")
            if mapping.get(spelling, name) != name:
                raise SchemaError(value, f"spelling {spelling!r} is already {mapping[spelling]!r}")
            mapping[spelling] = name
    return mapping


def validate_synonyms(content_dir):
    """The problems of content/search-synonyms.yaml and search-katakana.yaml (file:line), for
    check_content; none for a file the folder does not have."""
    problems = []
    for name, load in [(SYNONYMS_FILE, load_synonyms), (KATAKANA_FILE, load_katakana)]:
        if (Path(content_dir) / name).exists():
            try:
                load(content_dir)
            except ContentError as exc:
                problems += exc.problems
    return problems


def content_check(folder, store):
    """The content check of the search tables (registered in apps.py, run by content.publish.check)."""
    return validate_synonyms(folder), []
