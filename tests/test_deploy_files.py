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
    for step in ("compile_catalogs", "build_index", "collectstatic", "USER 10001", "gunicorn"):
        assert step in text
