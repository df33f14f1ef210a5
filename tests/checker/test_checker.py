"""The manifest checker: rules against a table of real-world manifest shapes, bad input, the
rules file's validation, the page, the JSON API and the check_manifests command."""

# The manifest table keeps each manifest on as few lines as possible, to read like a table.
# ruff: noqa: E501

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import override

from faq.checker import manifests
from faq.checker import report as checker
from faq.checker import rules as checker_rules
from faq.checker.management.commands import check_manifests
from faq.content import loader

DATA = Path(__file__).parent.parent / "data" / "manifests"


@pytest.fixture(autouse=True)
def _english():
    # Outside a request the active language is LANGUAGE_CODE (ja); messages below are English.
    with override("en"):
        yield


def pod(spec, kind="Pod", name="p"):
    """A minimal manifest of `kind` around a Pod spec given as indented YAML."""
    indent = {"Pod": 2, "CronJob": 10}.get(kind, 6)
    body = "\n".join(" " * indent + line for line in spec.strip("\n").split("\n"))
    head = f"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: {name}\n  namespace: ci\nspec:\n"
    if kind == "Pod":
        return head + body + "\n"
    if kind == "CronJob":
        wrap = '  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n'
        return head + wrap + body + "\n"
    return head + "  template:\n    spec:\n" + body + "\n"


SOCKET_VOLUME = """
volumes:
  - name: dockersock
    hostPath:
      path: /var/run/docker.sock
"""

CASES = {
    "pod-docker-sock": (
        pod(
            "containers:\n  - name: a\n    image: busybox\n    volumeMounts: [{name: dockersock, mountPath: /s}]"
            + SOCKET_VOLUME
        ),
        {"docker-socket-hostpath"},
    ),
    "deployment-docker-sock-run-socket": (
        pod(
            "containers: [{name: a, image: x}]\nvolumes: [{name: s, hostPath: {path: /run/docker.sock, type: Socket}}]",
            "Deployment",
        ),
        {"docker-socket-hostpath"},
    ),
    "statefulset-jenkins-agent": (
        pod(
            "containers:\n  - name: jnlp\n    image: jenkins/inbound-agent:4.11\n  - name: docker\n"
            "    image: docker:20.10\n    command: [cat]\n    tty: true\n"
            "    volumeMounts: [{name: dockersock, mountPath: /var/run/docker.sock}]" + SOCKET_VOLUME,
            "StatefulSet",
        ),
        {"docker-socket-hostpath", "docker-cli-in-container"},
    ),
    "replicaset-dockershim-sock": (
        pod(
            "containers: [{name: a, image: x}]\nvolumes: [{name: s, hostPath: {path: /var/run/dockershim.sock}}]",
            "ReplicaSet",
        ),
        {"dockershim-socket-hostpath"},
    ),
    "job-docker-build": (
        pod(
            "restartPolicy: Never\ncontainers:\n  - name: build\n    image: docker:24-cli\n"
            '    command: ["sh", "-c", "docker build -t registry/app . && docker push registry/app"]'
            + SOCKET_VOLUME,
            "Job",
        ),
        {"docker-socket-hostpath", "docker-cli-in-container"},
    ),
    "cronjob-docker-prune": (
        pod(
            "restartPolicy: OnFailure\ncontainers:\n  - name: prune\n    image: alpine\n"
            "    args: [/usr/bin/docker, system, prune, -af]" + SOCKET_VOLUME,
            "CronJob",
        ),
        {"docker-socket-hostpath", "docker-cli-in-container"},
    ),
    "init-container-socket-mount": (
        pod(
            "initContainers:\n  - name: fix-perms\n    image: busybox\n"
            "    volumeMounts: [{name: dockersock, mountPath: /var/run/docker.sock}]\n"
            "containers: [{name: app, image: app:1}]" + SOCKET_VOLUME,
            "Deployment",
        ),
        {"docker-socket-hostpath"},
    ),
    "dind-sidecar-privileged": (
        pod(
            "containers:\n  - name: build\n    image: docker:24-cli\n    env: [{name: DOCKER_HOST, value: 'tcp://localhost:2375'}]\n"
            "  - name: dind\n    image: docker:24-dind\n    securityContext: {privileged: true}",
            "Deployment",
        ),
        # The Pod's own daemon: all three keep working without dockershim.
        {"dind-container", "docker-host-dind", "docker-cli-with-dind"},
    ),
    "dind-dockerd-command": (
        pod(
            "containers:\n  - name: d\n    image: example.com/tools:1\n    command: [dockerd, --host=tcp://0.0.0.0:2375]\n    securityContext: {privileged: true}"
        ),
        {"dind-container"},
    ),
    "gitlab-runner-config": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gitlab-runner}\ndata:\n  config.toml: |\n"
        '    [[runners]]\n      executor = "kubernetes"\n      [runners.kubernetes]\n'
        '        [[runners.kubernetes.volumes.host_path]]\n          name = "docker"\n'
        '          mount_path = "/var/run/docker.sock"\n          host_path = "/var/run/docker.sock"\n',
        {"docker-socket-hostpath"},
    ),
    "datadog-helm-values": (
        "datadog:\n  apiKey: xxx\n  criSocketPath: /var/run/docker.sock\n  logs:\n    enabled: true\n",
        {"agent-config-docker-socket"},
    ),
    "telegraf-configmap": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: telegraf}\ndata:\n  telegraf.conf: |\n"
        '    [[inputs.docker]]\n      endpoint = "unix:///var/run/docker.sock"\n',
        {"agent-config-docker-socket"},
    ),
    "fluentd-var-lib-docker": (
        pod(
            "containers:\n  - name: fluentd\n    image: fluent/fluentd-kubernetes-daemonset:v1\n"
            "    volumeMounts: [{name: dockerlogs, mountPath: /var/lib/docker/containers}]\n"
            "volumes:\n  - {name: varlog, hostPath: {path: /var/log}}\n"
            "  - {name: dockerlogs, hostPath: {path: /var/lib/docker/containers}}",
            "DaemonSet",
        ),
        # The image's own config tails /var/log/containers as Docker JSON.
        {"docker-log-parser", "docker-logs-leftover-mount"},
    ),
    "filebeat-configmap-docker-logs": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: filebeat-config}\ndata:\n  filebeat.yml: |\n"
        "    filebeat.inputs:\n    - type: docker\n      containers.path: /var/lib/docker/containers\n",
        {"agent-config-docker-logs", "docker-log-parser"},
    ),
    "parent-dir-var-run": (
        pod(
            "containers: [{name: a, image: x}]\nvolumes: [{name: run, hostPath: {path: /var/run/}}]",
            "DaemonSet",
        ),
        {"docker-run-dir-hostpath"},
    ),
    "etc-docker-daemon-json": (
        pod(
            "containers: [{name: a, image: x}]\nvolumes: [{name: cfg, hostPath: {path: /etc/docker}}]",
            "DaemonSet",
        ),
        {"docker-config-hostpath"},
    ),
    "docker-host-env-unix-socket": (
        pod(
            "containers:\n  - name: a\n    image: x\n    env: [{name: DOCKER_HOST, value: 'unix:///var/run/docker.sock'}]"
        ),
        {"docker-socket-env"},
    ),
    "kubeadm-init-dockershim": (
        "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n"
        "  criSocket: /var/run/dockershim.sock\n  kubeletExtraArgs:\n    network-plugin: cni\n",
        {"dockershim-socket-config", "kubelet-dockershim-flags"},
    ),
    "kubeadm-v1beta4-args": (
        "apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\nnodeRegistration:\n"
        "  criSocket: unix:///run/containerd/containerd.sock\n  kubeletExtraArgs:\n"
        "    - name: container-runtime\n      value: remote\n",
        {"kubelet-container-runtime-flag"},
    ),
    "kubeadm-flags-env": (
        'KUBELET_KUBEADM_ARGS="--container-runtime=docker --network-plugin=cni --pod-infra-container-image=k8s.gcr.io/pause:3.6"\n',
        {"kubelet-container-runtime-docker", "kubelet-dockershim-flags"},
    ),
    "systemd-drop-in": (
        '[Service]\nEnvironment="KUBELET_NETWORK_ARGS=--network-plugin=cni --cni-conf-dir=/etc/cni/net.d"\n'
        "ExecStart=/usr/bin/kubelet $KUBELET_NETWORK_ARGS\n",
        {"kubelet-dockershim-flags"},
    ),
    "node-docker-runtime": (
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n  annotations:\n"
        "    kubeadm.alpha.kubernetes.io/cri-socket: /var/run/dockershim.sock\n"
        "status:\n  nodeInfo:\n    containerRuntimeVersion: docker://20.10.7\n",
        {"node-runtime-docker", "dockershim-socket-config"},
    ),
    "unknown-kind-with-pod-template": (
        "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec:\n  template:\n    spec:\n"
        "      containers: [{name: a, image: x}]\n      volumes: [{name: s, hostPath: {path: /var/run/docker.sock}}]\n",
        {"docker-socket-hostpath"},
    ),
    "kind-list": (
        "apiVersion: v1\nkind: List\nitems:\n"
        "- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec:\n    containers: [{name: a, image: x}]\n"
        "- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n  spec:\n    containers: [{name: b, image: x}]\n"
        "    volumes: [{name: s, hostPath: {path: /var/run/docker.sock}}]\n",
        {"docker-socket-hostpath"},
    ),
    "json-input": (
        json.dumps(
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": "j"},
                "spec": {
                    "containers": [{"name": "a", "image": "x"}],
                    "volumes": [{"name": "s", "hostPath": {"path": "/var/run/docker.sock"}}],
                },
            },
            indent="\t",
        ),
        {"docker-socket-hostpath"},
    ),
    "yaml-anchor-and-merge": (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n  containers:\n"
        "  - &base {name: a, image: x, env: [{name: DOCKER_HOST, value: 'tcp://dind:2375'}]}\n"
        "  - <<: *base\n    name: b\n",
        {"docker-host-env"},
    ),
    # Issue 14: shapes and settings beyond a Pod's `containers:` list.
    "optional-docker-socket-next-to-containerd": (
        pod(
            "containers:\n  - name: agent\n    image: example/security-agent:2\n"
            "    args: [--cri, /run/containerd/containerd.sock]\n"
            "volumes:\n  - {name: d, hostPath: {path: /var/run/docker.sock}}\n"
            "  - {name: c, hostPath: {path: /run/containerd/containerd.sock}}",
            "DaemonSet",
        ),
        {"docker-support-optional"},
    ),
    "optional-docker-paths-of-a-runtime-agnostic-agent": (
        pod(
            "containers: [{name: cadvisor, image: gcr.io/cadvisor/cadvisor:v0.49.1}]\n"
            "volumes:\n  - {name: r, hostPath: {path: /var/run}}\n  - {name: d, hostPath: {path: /var/lib/docker}}",
            "DaemonSet",
        ),
        {"docker-support-optional"},
    ),
    "docker-cli-rules-out-optional": (
        pod(
            "containers:\n  - name: a\n    image: alpine\n    command: [sh, -c, 'docker ps -q | wc -l']\n"
            "volumes:\n  - {name: d, hostPath: {path: /var/run/docker.sock}}\n"
            "  - {name: c, hostPath: {path: /run/containerd/containerd.sock}}",
            "DaemonSet",
        ),
        {"docker-socket-hostpath", "docker-cli-in-container"},
    ),
    "leftover-docker-logs-mount-config-after-the-daemonset": (
        pod(
            "containers:\n  - name: shipper\n    image: example/shipper:1\n"
            "    volumeMounts: [{name: d, mountPath: /var/lib/docker/containers}, {name: cfg, mountPath: /etc/shipper}]\n"
            "volumes:\n  - {name: d, hostPath: {path: /var/lib/docker/containers}}\n  - {name: cfg, configMap: {name: shipper}}",
            "DaemonSet",
        )
        + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: shipper}\ndata:\n"
        "  shipper.yaml: |\n    inputs:\n      - paths: [/var/log/containers/*.log]\n        format: cri\n",
        {"docker-logs-leftover-mount"},
    ),
    "docker-log-folder-without-a-config-in-sight": (
        pod(
            "containers: [{name: a, image: example/log-agent:3}]\n"
            "volumes: [{name: d, hostPath: {path: /var/lib/docker/containers}}]",
            "DaemonSet",
        ),
        {"docker-data-hostpath"},
    ),
    "registry-certificates": (
        pod(
            "containers: [{name: a, image: busybox}]\nvolumes: [{name: c, hostPath: {path: /etc/docker/certs.d/registry.local:5000}}]",
            "DaemonSet",
        ),
        {"docker-certs-hostpath"},
    ),
    "argo-controller-docker-executor": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: workflow-controller-configmap}\n"
        "data:\n  config: |\n    containerRuntimeExecutor: docker\n    parallelism: 10\n",
        {"argo-docker-executor"},
    ),
    "argo-workflow-container-template": (
        "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: b-}\nspec:\n  entrypoint: b\n"
        "  templates:\n  - name: b\n    container:\n      image: docker:24-cli\n      args: [info]\n"
        "      volumeMounts: [{name: s, mountPath: /var/run/docker.sock}]\n"
        "  volumes: [{name: s, hostPath: {path: /var/run/docker.sock}}]\n",
        {"docker-socket-hostpath", "docker-cli-in-container"},
    ),
    "tekton-step-script": (
        "apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: t}\nspec:\n  steps:\n  - name: s\n    image: alpine\n"
        "    script: |\n      apk add docker-cli\n      docker build .\n",
        {"docker-cli-in-container"},
    ),
    "kops-cluster-docker": (
        "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: c}\nspec:\n  containerRuntime: docker\n"
        "  kubernetesVersion: 1.23.17\n",
        {"installer-runtime-docker"},
    ),
    "eks-user-data": (
        '#!/bin/bash\n/etc/eks/bootstrap.sh prod --container-runtime dockerd \\\n  --docker-config-json "$CONFIG"\n',
        {"installer-runtime-docker", "eks-bootstrap-docker-options"},
    ),
    "kubespray-vars": (
        "kube_version: v1.23.7\ncontainer_manager: docker\nresolvconf_mode: docker_dns\n",
        {"kubespray-docker", "kubespray-docker-dns"},
    ),
    "rke1-cluster-yml": (
        "nodes:\n  - {address: 10.0.0.5, user: ubuntu, role: [controlplane, etcd, worker], docker_socket: /var/run/docker.sock}\n"
        "kubernetes_version: v1.26.8-rancher1-1\n",
        {"rke1-cluster"},
    ),
    "rke1-cluster-yml-without-cri-dockerd": (
        "nodes:\n  - {address: 10.0.0.5, user: ubuntu, role: [worker]}\nenable_cri_dockerd: false\n",
        {"rke1-without-cri-dockerd"},
    ),
    "k3s-on-docker": ("write-kubeconfig-mode: '0644'\ndocker: true\n", {"k3s-docker"}),
    "gke-docker-node-image": (
        "apiVersion: container.cnrm.cloud.google.com/v1beta1\nkind: ContainerNodePool\nmetadata: {name: p}\n"
        "spec:\n  nodeConfig: {imageType: COS}\n",
        {"installer-runtime-docker"},
    ),
    "fluent-bit-docker-parser": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fb}\ndata:\n  fluent-bit.conf: |\n"
        "    [INPUT]\n        Name tail\n        Path /var/log/containers/*.log\n        Parser docker\n",
        {"docker-log-parser"},
    ),
    "promtail-values-docker-stage": (
        "config:\n  snippets:\n    pipelineStages:\n      - docker: {}\n",
        {"docker-log-parser"},
    ),
    "kubelet-flags-in-capi-template": (
        "apiVersion: bootstrap.cluster.x-k8s.io/v1beta1\nkind: KubeadmConfigTemplate\nmetadata: {name: w}\nspec:\n"
        "  template:\n    spec:\n      joinConfiguration:\n        nodeRegistration:\n"
        "          kubeletExtraArgs: {network-plugin: cni}\n",
        {"kubelet-dockershim-flags"},
    ),
    "kubelet-run-by-a-container": (
        pod(
            "containers:\n  - name: kubelet\n    image: registry.k8s.io/hyperkube:v1.18.20\n"
            "    command: [kubelet, --network-plugin=cni, --kubeconfig=/etc/kubeconfig]"
        ),
        {"kubelet-dockershim-flags"},
    ),
    "helm-template-with-tags": (
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n"
        "      containers: [{name: a, image: x}]\n      volumes:\n{{- if .Values.docker }}\n"
        "        - {name: s, hostPath: {path: /var/run/docker.sock}}\n{{- end }}\n",
        {"docker-socket-hostpath"},
    ),
    # Clean manifests: nothing may be reported.
    "clean-multus-cni-conf-dir-is-not-the-kubelets": (
        pod(
            "containers:\n  - name: kube-multus\n    image: ghcr.io/k8snetworkplumbingwg/multus-cni:v4.0.2\n"
            "    args: ['--cni-conf-dir=/host/etc/cni/net.d', '--cni-bin-dir=/host/opt/cni/bin']\n"
            "volumes: [{name: k, hostPath: {path: /var/lib/kubelet}}]",
            "DaemonSet",
        ),
        set(),
    ),
    "clean-docker-as-an-argument-is-not-the-cli": (
        pod(
            "containers:\n  - name: a\n    image: alpine\n    command: [sh, -c, 'apk add docker-credential-ecr-login && echo docker']"
        ),
        set(),
    ),
    "clean-fluent-bit-reads-both-formats": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fb}\ndata:\n  fluent-bit.conf: |\n"
        "    [INPUT]\n        Name tail\n        multiline.parser docker, cri\n",
        set(),
    ),
    "clean-docker-compose-file": (
        "services:\n  portainer:\n    image: portainer/portainer-ce\n    volumes: ['/var/run/docker.sock:/var/run/docker.sock']\n",
        set(),
    ),
    "clean-policy-that-forbids-the-socket": (
        "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: no-sock}\nspec:\n  rules:\n"
        "  - validate:\n      pattern: {spec: {=(volumes): [{=(hostPath): {path: '!/var/run/docker.sock'}}]}}\n",
        set(),
    ),
    "clean-gke-containerd-image": (
        "apiVersion: container.cnrm.cloud.google.com/v1beta1\nkind: ContainerNodePool\nmetadata: {name: p}\n"
        "spec:\n  nodeConfig: {imageType: COS_CONTAINERD}\n",
        set(),
    ),
    "clean-kops-containerd": (
        "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: c}\nspec:\n  containerRuntime: containerd\n",
        set(),
    ),
    "clean-nginx-entrypoint": (
        pod(
            "containers:\n  - name: web\n    image: nginx:1.25\n    command: [/docker-entrypoint.sh]\n    args: [nginx]",
            "Deployment",
        ),
        set(),
    ),
    "clean-docker-io-image-and-containerd-socket": (
        pod(
            "containers:\n  - name: a\n    image: docker.io/library/redis:7\n    args: ['--root=/var/lib/docker-data']\n"
            "volumes:\n  - {name: c, hostPath: {path: /run/containerd/containerd.sock}}\n"
            "  - {name: d, hostPath: {path: /var/run/cri-dockerd.sock}}\n  - {name: logs, hostPath: {path: /var/log/pods}}",
            "DaemonSet",
        ),
        set(),
    ),
    "clean-service-and-configmap": (
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n---\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  note: 'built with docker, runs anywhere'\n",
        set(),
    ),
    "clean-kubelet-config-containerd": (
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
        "containerRuntimeEndpoint: unix:///run/containerd/containerd.sock\ncgroupDriver: systemd\n",
        set(),
    ),
    "clean-comment-mentions-flag": (
        "# we dropped --network-plugin=cni last year\napiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n",
        set(),
    ),
}


def rule_by_id(rule_id):
    return next(rule for rule in checker_rules.get_rules() if rule.id == rule_id)


def rule_ids(text):
    return {finding.rule for finding in checker.check(text).findings}


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_manifest_table(name):
    text, expected = CASES[name]
    assert rule_ids(text) == expected


def test_table_is_large_enough_and_covers_every_rule():
    assert len(CASES) >= 25
    covered = set().union(*(expected for _, expected in CASES.values()))
    assert covered == {rule.id for rule in checker_rules.get_rules()}


def test_helm_template_output_keeps_positions_and_identity():
    report = checker.check((DATA / "fluent-bit.yaml").read_text())
    assert [(w.document, w.kind, w.namespace, w.name) for w in report.workloads] == [
        (1, "ConfigMap", "logging", "fluent-bit"),
        (2, "DaemonSet", "logging", "fluent-bit"),
    ]
    assert report.workloads[0].line == 3  # after the `---` and the `# Source:` comment
    finding = report.workloads[1].findings[0]
    assert finding.rule == "docker-data-hostpath"
    assert finding.containers == ("fluent-bit",)
    assert finding.line == 33


def test_init_container_finding_names_the_init_container():
    report = checker.check(CASES["init-container-socket-mount"][0])
    assert report.findings[0].containers == ("init: fix-perms",)
    assert report.findings[0].value == "/var/run/docker.sock"


def test_kind_list_reports_the_item():
    report = checker.check(CASES["kind-list"][0])
    affected = [w for w in report.workloads if w.findings]
    assert [(w.item, w.name) for w in affected] == [(2, "b")]
    assert report.objects == 2


def test_one_bad_document_does_not_hide_the_others():
    text = CASES["pod-docker-sock"][0] + "---\nkey: [unclosed\n---\n" + CASES["replicaset-dockershim-sock"][0]
    report = checker.check(text)
    assert [w.document for w in report.problems] == [2]
    assert "not valid YAML" in report.problems[0].error
    assert {f.rule for f in report.findings} == {"docker-socket-hostpath", "dockershim-socket-hostpath"}


def test_nothing_found_still_counts_what_was_checked():
    report = checker.check(CASES["clean-nginx-entrypoint"][0])
    assert report.findings == []
    assert (report.documents, report.objects, report.pod_templates, report.containers) == (1, 1, 1, 1)


# Bad input: each gets a clear message, never an exception.

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)


def test_yaml_bomb_is_refused_quickly():
    report = checker.check(BOMB)
    assert report.workloads[0].error.startswith("more than")
    assert "YAML bomb" in report.workloads[0].error


def test_yaml_bomb_next_to_a_real_manifest_keeps_the_manifest():
    report = checker.check(BOMB + "---\n" + CASES["pod-docker-sock"][0])
    assert "YAML bomb" in report.workloads[0].error
    assert {f.rule for f in report.findings} == {"docker-socket-hostpath"}


def test_recursive_alias_and_deep_nesting_are_refused():
    assert "nested more than" in checker.check("[" * 5000 + "]" * 5000).workloads[0].error
    assert "nested more than" in checker.check("{" * 5000).workloads[0].error


def test_five_megabyte_paste_is_refused():
    report = checker.check("a: b\n" * 1_000_000)
    assert report.error_code == "too-large"
    assert "5,000 KB" in report.error and "2,500 KB" in report.error


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary", b"\xff\xfe\x00k\x00i", bytes(range(256))])
def test_binary_data_is_refused(data):
    report = checker.check(data)
    assert report.error_code == "binary"
    assert "not text" in report.error


def test_invalid_yaml_names_the_line():
    report = checker.check("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n")
    assert "line 5" in report.workloads[0].error or "line 4" in report.workloads[0].error


def test_error_messages_are_translated():
    with override("ja"):
        report = checker.check(b"\x00")
    assert "テキストではありません" in report.error


# The rules file.


def test_rules_file_is_valid_and_links_existing_entries(settings):
    store = loader.get_store()
    assert checker_rules.validate(settings.CONTENT_DIR, set(store.entries)) == []


def write_rules(tmp_path, text):
    (tmp_path / checker_rules.FILE_NAME).write_text(text, encoding="utf-8")
    checker_rules._load.cache_clear()
    return checker_rules.validate(tmp_path, {("en", "timeline"), ("ja", "timeline")})


RULE = """rules:
  - id: "r"
    severity: "{severity}"
    match: {{type: "{type}", patterns: ["{pattern}"]}}
    faq: ["{faq}"]
    title: {{en: "t", ja: "t"}}
    explanation: {{en: "e", ja: "e"}}
    fix: {{en: "f", ja: "f"}}
"""


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"severity": "urgent"}, "severity must be one of"),
        ({"type": "magic"}, "unknown match type"),
        ({"pattern": "(unclosed"}, "invalid regular expression"),
        ({"faq": "no-such-entry"}, "links FAQ entry 'no-such-entry'"),
    ],
)
def test_rules_file_problems_have_lines(tmp_path, values, message):
    fields = {"severity": "high", "type": "config-text", "pattern": "x", "faq": "timeline"} | values
    problems = write_rules(tmp_path, RULE.format(**fields))
    assert problems and message in problems[0].message
    assert problems[0].line > 1


def test_rules_file_refuses_yaml_11_coercions(tmp_path):
    problems = write_rules(
        tmp_path,
        RULE.format(severity="high", type="config-text", pattern="x", faq="timeline").replace('"r"', "no"),
    )
    assert "would be read by YAML as a bool" in problems[0].message


# The page and the API.


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_check_page_shows_finding_with_links(client, lang):
    with override(lang):
        url = reverse("check")
        response = client.post(url, {"manifests": CASES["init-container-socket-mount"][0]})
        entry_url = reverse("entry-detail", args=["detect-dockershim-usage"])
        wizard_url = reverse("wizard")
    body = response.content.decode()
    rule = rule_by_id("docker-socket-hostpath")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert rule.title[lang] in body
    assert 'data-rule="docker-socket-hostpath"' in body
    assert "init: fix-perms" in body
    assert f'href="{entry_url}"' in body and f'href="{wizard_url}"' in body


def test_check_page_upload_and_clean_result(client):
    upload = StringIO(CASES["clean-nginx-entrypoint"][0])
    upload.name = "web.yaml"
    with override("en"):
        response = client.post(reverse("check"), {"manifests": "", "file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nothing found" in body
    assert "web.yaml" in body
    assert "What the checker looks for" in body


def test_check_page_needs_csrf(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    with override("en"):
        assert strict.post(reverse("check"), {"manifests": "a: b"}).status_code == 403


@pytest.mark.parametrize(
    ("data", "status", "text"),
    [
        ({"manifests": ""}, 400, "Paste manifests or choose a file"),
        ({"manifests": "\x00\x01"}, 400, "Null characters are not allowed"),
        ({"manifests": BOMB}, 200, "YAML bomb"),
        ({"manifests": "key: [unclosed"}, 200, "could not be read"),
    ],
)
def test_check_page_bad_input(client, data, status, text):
    with override("en"):
        response = client.post(reverse("check"), data)
    assert response.status_code == status
    assert text in response.content.decode()


def test_check_page_five_megabytes_is_413_with_a_message(client):
    with override("ja"):
        response = client.post(reverse("check"), {"manifests": "a: b\n" * 1_000_000})
    assert response.status_code == 413
    assert "KB" in response.content.decode() and "分けて" in response.content.decode()


def test_check_page_logs_nothing_of_the_paste(client, caplog):
    secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: s3cr3t-marker}\n"
    with override("en"):
        client.post(reverse("check"), {"manifests": secret + "---\n[unclosed"})
        client.post(reverse("check"), {"manifests": secret + "\x00"})
    assert "s3cr3t-marker" not in caplog.text


def test_api_check_raw_yaml_and_json_body(client):
    raw = client.post(
        reverse("api-check") + "?lang=ja", CASES["pod-docker-sock"][0], content_type="application/yaml"
    )
    body = client.post(
        reverse("api-check"), {"manifests": CASES["kind-list"][0]}, content_type="application/json"
    )
    assert raw.status_code == body.status_code == 200
    data = raw.json()
    assert data["lang"] == "ja"
    assert data["summary"]["findings"] == 1 and data["summary"]["high"] == 1
    finding = data["results"][0]["findings"][0]
    assert finding["rule"] == "docker-socket-hostpath"
    assert finding["title"] == rule_by_id("docker-socket-hostpath").title["ja"]
    assert "detect-dockershim-usage" in finding["faq"]
    assert [r["item"] for r in body.json()["results"]] == [1, 2]


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"data": "a", "content_type": "application/x-www-form-urlencoded"}, 400, "bad-request"),
        ({"data": "{not json", "content_type": "application/json"}, 400, "bad-request"),
        ({"data": {"manifests": 3}, "content_type": "application/json"}, 400, "bad-request"),
        ({"data": b"\x00\xff", "content_type": "application/yaml"}, 400, "binary"),
        ({"data": "a: b\n" * 1_000_000, "content_type": "application/yaml"}, 413, "too-large"),
    ],
)
def test_api_check_bad_input_is_json(client, kwargs, status, code):
    response = client.post(reverse("api-check"), **kwargs)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == code


def test_api_check_method_and_lang(client):
    assert client.get(reverse("api-check")).status_code == 405
    assert client.post(reverse("api-check") + "?lang=zz", "a: b", content_type="text/yaml").status_code == 400


# The command.


def run_command(*args):
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_manifests", *args, stdout=out, stderr=err)
    return exit_info.value.code, out.getvalue(), err.getvalue()


def test_command_finds_in_folder_recursively():
    code, out, _ = run_command(str(DATA))
    assert code == check_manifests.FOUND
    assert "datadog-agent.yaml:19: high: docker-socket-env" in out
    assert "kubeadm-flags.env:1: high: kubelet-container-runtime-docker" in out
    assert "web.yaml" not in out


def test_command_clean_exits_zero():
    out = StringIO()
    call_command("check_manifests", str(DATA / "clean"), stdout=out)
    assert "0 finding(s) in 1 file(s)." in out.getvalue()


def test_command_json_output():
    code, out, _ = run_command("--format", "json", "--lang", "ja", str(DATA / "fluent-bit.yaml"))
    data = json.loads(out)
    assert code == check_manifests.FOUND
    assert data["findings"] == 3
    rules = {f["rule"] for r in data["files"][0]["results"] for f in r["findings"]}
    assert rules == {"agent-config-docker-logs", "docker-data-hostpath", "docker-log-parser"}


def test_command_unreadable_input_exits_two(tmp_path):
    (tmp_path / "bad.yaml").write_bytes(b"\x00\x01")
    code, _, err = run_command(str(tmp_path), str(tmp_path / "missing.yaml"))
    assert code == check_manifests.UNREADABLE
    assert "not text" in err and "no such file" in err


def test_manifest_limits_are_sane():
    assert manifests.MAX_DEPTH < 200
    # What the API server takes in one request, so one object; a paste is smaller than the body cap.
    assert manifests.MAX_DOCUMENT_BYTES == 3 * 1024 * 1024
    assert manifests.MAX_INPUT_BYTES < manifests.MAX_DOCUMENT_BYTES


def test_check_content_reports_a_rule_linking_a_missing_entry(tmp_path):
    from django.core.management import CommandError

    from tests.helpers import copy_content, rewrite

    folder = copy_content(tmp_path)
    rewrite(folder / "checker_rules.yaml", 'faq: ["alpha"]', 'faq: ["nope"]')
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", content_dir=str(folder), stdout=StringIO(), stderr=err)
    assert (
        "checker_rules.yaml:3: error: rule 'docker-socket-hostpath' links FAQ entry 'nope'" in err.getvalue()
    )


def test_upload_limit_leaves_room_for_the_checker(settings):
    # A lower DATA_UPLOAD_MAX_MEMORY_SIZE would turn every paste above it into a 413.
    from faq.checker import views

    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert limit is None or limit >= views.MAX_REQUEST_BYTES
