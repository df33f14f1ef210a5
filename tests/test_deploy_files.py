import re
from pathlib import Path

import yaml
from django.urls import resolve

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def manifests():
    return {
        doc["kind"]: doc
        for path in (DEPLOY / "k8s").glob("*.yaml")
        for doc in yaml.safe_load_all(path.read_text())
    }


def test_deployment_probes_point_at_real_endpoints_and_requests_resources():
    container = manifests()["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    for probe in ("/readyz", "/healthz"):
        assert resolve(probe)
    assert container["resources"]["requests"]["cpu"] and container["resources"]["requests"]["memory"]


def test_service_and_configmap_exist_and_configmap_keys_are_in_the_example_env():
    kinds = manifests()
    assert {"Deployment", "Service", "ConfigMap"} <= set(kinds)
    example = (DEPLOY / "faq.env.example").read_text()
    for key in kinds["ConfigMap"]["data"]:
        assert key in example


def test_containerfile_builds_index_and_catalogs_and_runs_as_non_root():
    text = (DEPLOY / "Containerfile").read_text()
    assert text.count("FROM ") == 2
    steps = ("compile_catalogs", "publish_content", "build_index", "collectstatic", "USER 10001", "gunicorn")
    for step in steps:
        assert step in text


def test_secret_key_comes_from_a_mounted_secret_and_no_key_is_committed():
    kinds = manifests()
    key_file = kinds["ConfigMap"]["data"]["DJANGO_SECRET_KEY_FILE"]
    pod = kinds["Deployment"]["spec"]["template"]["spec"]
    volumes = {volume["name"]: volume for volume in pod["volumes"]}
    for container in pod["containers"] + pod["initContainers"]:  # migrate needs the settings too
        mount = next(m for m in container["volumeMounts"] if key_file.startswith(m["mountPath"] + "/"))
        secret = volumes[mount["name"]]["secret"]
        assert key_file == f"{mount['mountPath']}/{secret['items'][0]['path']}"
    assert "DJANGO_SECRET_KEY" not in kinds["ConfigMap"]["data"]
    assert re.search(r"^DJANGO_SECRET_KEY=$", (DEPLOY / "faq.env.example").read_text(), re.MULTILINE)
    containerfile = (DEPLOY / "Containerfile").read_text()
    assert not re.search(r"DJANGO_SECRET_KEY=(?!\.\.\.)", containerfile)  # "..." in examples only
    assert "rm -f var/db.sqlite3* var/dev-secret-key" in containerfile  # the build's key stays behind
