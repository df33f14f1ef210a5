"""deploy/k8s/overlay/: the example ConfigMap, laid out by the Deployment patch's `items`, is a
valid overlay beside the shipped content, and the patches set settings that exist and run a
command that exists."""

from pathlib import Path

import yaml
from django.core.management import get_commands

from faq.content import publish
from tests.helpers import REAL_CONTENT

OVERLAY = Path(__file__).resolve().parent.parent / "deploy" / "k8s" / "overlay"
SETTINGS = (Path(__file__).resolve().parent.parent / "faq" / "settings.py").read_text()


def load(name):
    return yaml.safe_load((OVERLAY / name).read_text(encoding="utf-8"))


def containers(patch):
    return patch["spec"]["template"]["spec"]["containers"]


def test_the_example_configmap_is_a_valid_overlay_as_the_patch_mounts_it(tmp_path):
    data = load("local-content-configmap.yaml")["data"]
    volume = next(
        v
        for v in load("patch-overlay-configmap.yaml")["spec"]["template"]["spec"]["volumes"]
        if "configMap" in v
    )
    items = volume["configMap"]["items"]
    assert {item["key"] for item in items} == set(data)  # every key is mounted somewhere
    for item in items:
        target = tmp_path / item["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(data[item["key"]], encoding="utf-8")
    report = publish.check_local(tmp_path, REAL_CONTENT)
    assert report.errors == [] and report.entries == 3


def test_the_patches_use_real_settings_and_commands():
    for name in ("patch-overlay-configmap.yaml", "patch-overlay-git-sync.yaml", "patch-oauth2-proxy.yaml"):
        for container in containers(load(name)):
            for variable in container.get("env", []):
                assert f'"{variable["name"]}"' in SETTINGS, (name, variable["name"])
            command = container.get("command", [])
            if command[:2] == ["python", "manage.py"]:
                assert command[2] in get_commands()
