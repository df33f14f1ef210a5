"""The checker on its own corpus (tests/checker/corpus/): 100 manifests and node files written in
the shapes real projects use, each labelled in labels.yaml with the (rule, severity) pairs it must
give and nothing more. benchmark/checker_corpus.py measures the same corpus."""

from pathlib import Path

import pytest
import yaml
from django.utils.translation import override

from faq.checker.report import check_stream

CORPUS = Path(__file__).parent / "corpus"
LABELS = yaml.safe_load((CORPUS / "labels.yaml").read_text(encoding="utf-8"))["files"]


@pytest.fixture(autouse=True)
def _english():
    with override("en"):
        yield


def found(name):
    with (CORPUS / name).open("rb") as stream:
        report = check_stream(stream, name)
    assert not report.error and not report.problems, (report.error, [w.error for w in report.problems])
    return {(finding.rule, finding.severity) for finding in report.findings}


@pytest.mark.parametrize("name", sorted(LABELS))
def test_corpus_file_gives_its_labelled_findings(name):
    assert found(name) == {tuple(pair) for pair in LABELS[name]["findings"]}


def test_every_corpus_file_is_labelled_and_the_classes_hold():
    on_disk = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file()} - {"labels.yaml"}
    assert on_disk == set(LABELS)
    for name, label in LABELS.items():
        severities = {severity for _, severity in label["findings"]}
        if label["class"] == "clean":
            assert not severities, name
        elif label["class"] == "keeps-working":
            assert severities <= {"low"}, name
        else:
            assert severities & {"high", "medium"}, name


def test_corpus_is_large_and_varied():
    classes = [label["class"] for label in LABELS.values()]
    assert len(LABELS) >= 80
    assert classes.count("clean") >= 25 and classes.count("keeps-working") >= 10
    folders = {name.split("/", 1)[0] for name in LABELS}
    assert folders == {"logging", "installers", "nodes", "ci", "agents", "clean"}
