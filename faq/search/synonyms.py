"""The synonym table in content/search-synonyms.yaml: each variant maps to one canonical term, at
index and at query time alike (analysis.CanonicalFilter). Read with file:line problems."""

from pathlib import Path

from ..content import yamlschema
from ..content.entryfile import read_yaml
from ..content.problems import ContentError
from ..content.yamlschema import SchemaError
from .analysis import base_analyzer, normalize

SYNONYMS_FILE = "search-synonyms.yaml"


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


def validate_synonyms(content_dir):
    """The problems of content/search-synonyms.yaml (file:line), for check_content; none when the
    folder has no synonyms file."""
    if not (Path(content_dir) / SYNONYMS_FILE).exists():
        return []
    try:
        load_synonyms(content_dir)
    except ContentError as exc:
        return exc.problems
    return []


def content_check(folder, store):
    """The content check of the synonyms file (registered in apps.py, run by content.publish.check)."""
    return validate_synonyms(folder), []
