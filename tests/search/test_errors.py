"""Pasted error messages (issue 12, cause 4): the log noise is taken out and the message finds the
entry that lists it first. The pasted lines are written in the shapes the programs print them
(klog headers, logfmt, kubectl events, crictl warnings), with paths, ids and times of their own."""

import pytest

from faq.search import engine, errors, indexing, query

pytestmark = pytest.mark.django_db

PASTED = [
    # kubelet 1.24+ started with a dockershim-era flag, as journalctl shows it
    (
        "en",
        "Dec 03 09:14:07 node-7 kubelet[2871]: Error: failed to parse kubelet flag: "
        "unknown flag: --network-plugin",
        "errors-after-upgrade",
    ),
    ("en", "unknown flag: --docker-endpoint", "errors-after-upgrade"),
    # kubeadm preflight against a containerd without the CRI plugin
    (
        "en",
        "[preflight] Some fatal errors occurred: [ERROR CRI]: container runtime is not running: output: "
        'time="2026-11-30T08:01:22+09:00" level=fatal msg="validate service connection: CRI v1 runtime '
        'API is not implemented for endpoint \\"unix:///var/run/containerd/containerd.sock\\": rpc error: '
        'code = Unimplemented desc = unknown service runtime.v1.RuntimeService"',
        "errors-after-upgrade",
    ),
    # a klog line with structured fields
    (
        "en",
        'E1130 23:59:01.004512    1180 run.go:74] "command failed" err="failed to run Kubelet: using '
        'dockershim is not supported, please consider using a full-fledged CRI implementation"',
        "errors-after-upgrade",
    ),
    # crictl without an endpoint
    (
        "en",
        "WARN[0000] runtime connect using default endpoints: [unix:///var/run/dockershim.sock "
        "unix:///run/containerd/containerd.sock unix:///run/crio/crio.sock "
        "unix:///var/run/cri-dockerd.sock]. As the default settings are now deprecated, "
        "you should set the endpoint instead.",
        "errors-after-upgrade",
    ),
    # a CI job in a Pod, another socket path
    (
        "en",
        "ERROR: Cannot connect to the Docker daemon at unix:///run/docker.sock. "
        "Is the docker daemon running?",
        "pod-errors-after-switch",
    ),
    # kubectl describe pod events, with an image of its own
    (
        "en",
        "Warning  ErrImageNeverPull  12s (x3 over 40s)  kubelet  Container image "
        '"registry.local/team/app:1.4.2" is not present with pull policy of Never',
        "pod-errors-after-switch",
    ),
    # Japanese around an English message
    ("ja", "kubeadm init で [ERROR CRI]: container runtime is not running が出る", "errors-after-upgrade"),
    ("ja", "ErrImageNeverPull になった", "pod-errors-after-switch"),
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, real_store):
    path = tmp_path_factory.mktemp("errors-index")
    indexing.build_index(path, real_store)
    return path


@pytest.mark.parametrize(("lang", "pasted", "entry"), PASTED)
def test_a_pasted_message_finds_its_entry_first(index_dir, lang, pasted, entry):
    hits = engine.search(pasted, lang, index_dir=index_dir).hits
    assert hits and hits[0].item_id == entry, [h.item_id for h in hits[:3]]


@pytest.mark.parametrize(
    "text",
    ["container runtime", "docker daemon", "what is the container runtime", "kubelet flags", "docker.sock"],
)
def test_words_of_a_message_alone_pin_nothing(index_dir, text, real_store):
    rows = [(f"en:entry:{e.id}", "en", m) for e in real_store.all_entries("en") for m in e.errors]
    assert rows
    assert errors.Catalog(rows).match(text, "en") == []


def test_noise_is_stripped_from_the_query_and_its_quotes_are_not_phrases():
    cleaned = query.clean(
        'E0612 12:00:00.123456 1234 server.go:12] "Failed to run kubelet" '
        'err="unable to determine runtime API version" container=3f4e5d6c7b8a9f0e1d2c3b4a pod=web-0'
    )
    expected = "Failed to run kubelet unable to determine runtime API version container= pod=web-0"
    assert cleaned.text == expected
    assert '"' not in cleaned.text and "E0612" not in cleaned.text
    # Quotes a person typed stay a phrase.
    assert query.clean('"docker build" kaniko').text == '"docker build" kaniko'


def test_message_words_keep_what_is_the_same_on_every_machine():
    assert errors.message_words("dial unix /run/k3s/containerd/containerd.sock: connect: refused") == [
        "dial",
        "unix",
        "containerd.sock",
        "connect",
        "refused",
    ]
    pulling = "pulling sha256:" + "3f" * 32 + " at 2026-12-01T10:00:00Z"
    assert errors.message_words(pulling) == ["pulling", "at"]
    assert errors.message_words("deadbeefcafe " + "a" * 20) == ["deadbeefcafe", "a" * 20]  # words, not ids


def test_a_long_message_is_matched_whole_past_the_length_of_a_search(index_dir):
    prefix = "Dec 03 09:14:07 node-7 kubelet[2871]: I1203 09:14:07.1 2871 flags.go:64] FLAG: --v=2 " * 12
    pasted = prefix + "Error: failed to parse kubelet flag: unknown flag: --network-plugin"
    cleaned = query.clean(pasted)
    assert cleaned.truncated and "network-plugin" not in cleaned.text and "network-plugin" in cleaned.message
    assert engine.search(cleaned, "en", index_dir=index_dir).hits[0].item_id == "errors-after-upgrade"


def test_matching_does_bounded_work_whatever_the_catalog_and_the_query(monkeypatch):
    """Thousands of messages sharing their words with a long query: at most MAX_CANDIDATES get
    their overlap computed, each on at most MAX_WORDS x MAX_MESSAGE_WORDS steps."""
    message = "container runtime is not running on node {0} " * 20
    rows = [(f"en:entry:e{i}", "en", message.format(i)) for i in range(3000)]
    catalog = errors.Catalog(rows)
    sizes = []
    real = errors._longest_shared

    def counted(words, message):
        sizes.append(len(words) * len(message))
        return real(words, message)

    monkeypatch.setattr(errors, "_longest_shared", counted)
    found = catalog.match("container runtime is not running on node 7 " * 100, "en")
    assert 0 < len(found) <= errors.MAX_PINNED
    assert len(sizes) <= errors.MAX_CANDIDATES
    assert max(sizes) <= errors.MAX_WORDS * errors.MAX_MESSAGE_WORDS


def test_an_index_without_the_catalog_pins_nothing(tmp_path):
    assert errors.Catalog.read(tmp_path).match("unknown flag: --network-plugin", "en") == []
