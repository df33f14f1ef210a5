"""Realistic situations for the runtime wizard, written from how platform engineers describe their
clusters (not from the tree): each one is answered as that person honestly would, and names the
runtime it must end on, what the rendered result page must mention and what it must never say.

`mention` and `never` hold language-neutral text (commands, paths, versions), checked on the page in
both languages; `mention_en`/`mention_ja` and `never_en`/`never_ja` hold phrases of one language.
An item that starts with "#" is an element id that must (or must not) be on the page."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Situation:
    name: str
    lang: str  # the language the person reads first
    answers: dict
    result: str
    runtime: str  # the product name shown as the recommendation
    mention: tuple = ()
    never: tuple = ()
    mention_en: tuple = ()
    mention_ja: tuple = ()
    never_en: tuple = ()
    never_ja: tuple = ()
    pools: tuple = field(default=())  # earlier pools, as `pool` values


# Harmful or wrong on any page: a Docker-disabling step where builds or the bridge need Docker,
# and Japanese that reads as something else (cause 9).
NEVER_ANYWHERE_JA = ("Docker に触れるもの", "障害になっている依存")
KUBEADM = ("kubeadm-flags.env",)
OLD_CONTAINERD = ("containerd 1.7",)
OPS = ("kubectl dds", "SSH", "#banner-legacy")  # operations clutter no laptop needs

LEGACY = {"runtime": "docker-dockershim"}
SELF = {**LEGACY, "nodes": "self-linux"}

SITUATIONS = [
    # Docker dependencies that cannot move in time (cause 1) ---------------------------------
    Situation(
        "kubeadm 1.23, 300 Jenkins pipelines build through /var/run/docker.sock, 6-week deadline",
        "en",
        {**SELF, "touches": "sock-builds", "deadline": "builds-stay"},
        "beside-docker",
        "containerd",
        mention=(
            "unix:///run/containerd/containerd.sock",
            "moby",
            "docker builder prune",
            "docker:dind",
            "--container-runtime=remote",
            "#banner-legacy",
            "#checklist-build",
            "containerd.io",
        ),
        never=("systemctl disable", "apt-get purge docker-ce"),
        mention_en=("Leave docker.service and docker.socket running", "invisible to the kubelet"),
        never_en=("not a reason to keep Docker",),
    ),
    Situation(
        "GitLab Runner の Pod が docker.sock でビルド、移行期限まで 1 か月、kubeadm 1.22",
        "ja",
        {**SELF, "touches": "sock-builds,registry", "deadline": "builds-stay"},
        "beside-docker",
        "containerd",
        mention=("moby", "k8s.io", "hosts.toml", "#checklist-registry", "containerd 1.7"),
        never=("systemctl disable",),
        mention_ja=("止めずに残します", "kubelet（k8s.io）からは見えません"),
        never_ja=("ランタイムとして Docker を残す理由にはなりません",),
    ),
    Situation(
        "Security agent inspects Pod containers through the Docker API; vendor's CRI version ships next year",
        "en",
        {**SELF, "touches": "sock-agents,logging", "deadline": "runtime-stay"},
        "bridge-cri-dockerd",
        "cri-dockerd",
        mention=("unix:///var/run/cri-dockerd.sock", "json-file", "#checklist-agents", "kubectl dds"),
        never=("systemctl disable", "containerLogMaxSize"),
        mention_en=("Exit criteria", "owner, a date"),
    ),
    Situation(
        "運用スクリプトが docker exec で Pod のコンテナに入る。期限までに書き換えられない",
        "ja",
        {**SELF, "touches": "sock-scripts", "deadline": "runtime-stay"},
        "bridge-cri-dockerd",
        "cri-dockerd",
        mention=("unix:///var/run/cri-dockerd.sock", "crictl", "#checklist-scripts"),
        never=("systemctl disable",),
        mention_ja=("移行完了の条件", "担当者、期日"),
    ),
    Situation(
        "Splunk logging driver ships container logs straight to the backend, no DaemonSet agent yet",
        "en",
        {**SELF, "touches": "blocker-logdriver", "deadline": "runtime-stay"},
        "bridge-cri-dockerd",
        "cri-dockerd",
        mention=("json-file", "max-size", "#checklist-logging"),
        never=("containerLogMaxSize", "systemctl disable"),
        mention_en=("DaemonSet log agent",),
    ),
    Situation(
        "Jenkins builds and an old compliance agent both need Docker; neither can move in time",
        "en",
        {**SELF, "touches": "sock-builds,blocker-agent", "deadline": "runtime-stay"},
        "bridge-cri-dockerd",
        "cri-dockerd",
        mention=("#checklist-build", "#checklist-agents", "cri-dockerd"),
        never=("systemctl disable",),
        mention_en=("tie the node to Docker",),
    ),
    Situation(
        "Datadog agent still on the Docker check, upgrade to the containerd check planned before the upgrade",
        "en",
        {**SELF, "touches": "sock-agents", "deadline": "in-time", "preference": "default"},
        "self-containerd",
        "containerd",
        mention=("#checklist-agents", "unix:///run/containerd/containerd.sock", "containerd 1.7"),
        mention_en=("Upgrade or reconfigure each agent for containerd",),
    ),
    Situation(
        "Cron jobs run docker system prune and docker pull on every node; they can be ported in time",
        "en",
        {**SELF, "touches": "sock-scripts", "deadline": "in-time", "preference": "default"},
        "self-containerd",
        "containerd",
        mention=(
            "crictl rmi --prune",
            "crictl pull",
            "crictl inspecti",
            "imageGCHighThresholdPercent",
            "ctr -n k8s.io images import",
        ),
    ),
    # Docker-in-Docker (cause 4) --------------------------------------------------------------
    Situation(
        "GitLab Runner with a docker:dind service on kubeadm, nothing mounts the node's socket",
        "en",
        {**SELF, "touches": "dind", "preference": "default"},
        "self-containerd",
        "containerd",
        mention=("#checklist-dind", "privileged: true", "emptyDir", "Buildah"),
        never=("cri-dockerd",),
        mention_en=("does not depend on", "whatever runtime the node uses"),
    ),
    Situation(
        "EKS で CI が docker:dind サイドカーを使っている",
        "ja",
        {**LEGACY, "nodes": "managed", "managed-deps": "dind"},
        "managed-containerd",
        "containerd",
        mention=("#checklist-dind", "privileged: true"),
        never=("cri-dockerd.sock",) + OLD_CONTAINERD + KUBEADM,
    ),
    # Managed clouds (causes 3, 6) --------------------------------------------------------------
    Situation(
        "GKE 1.23 Standard cluster with cos Docker node pools, nothing on Docker",
        "en",
        {**LEGACY, "nodes": "managed", "managed-deps": "none"},
        "managed-containerd",
        "containerd",
        mention=("cos_containerd", "#banner-legacy"),
        never=OLD_CONTAINERD + KUBEADM + ("kubeadm cannot skip",),
        mention_en=("node auto-provisioning",),
    ),
    Situation(
        "EKS 1.23, launch template passes --enable-docker-bridge, CI builds through docker.sock",
        "en",
        {**LEGACY, "nodes": "managed", "managed-deps": "sock-builds"},
        "managed-containerd",
        "containerd",
        mention=(
            "--enable-docker-bridge",
            "--container-runtime dockerd",
            "docker:dind",
            "Autopilot",
            "#checklist-build",
        ),
        never=OLD_CONTAINERD + KUBEADM,
    ),
    Situation(
        "AKS の Windows ノードプールがまだ Docker、Linux プールは問題なし",
        "ja",
        {**LEGACY, "nodes": "managed", "managed-deps": "none"},
        "managed-containerd",
        "containerd",
        mention=("2023-05-01",),
        never=OLD_CONTAINERD + KUBEADM,
        mention_ja=("Windows では containerd のノードプールを作り",),
    ),
    Situation(
        "EKS with Fluentd Container Insights, a private registry with its own CA, and GPU nodes",
        "en",
        {**LEGACY, "nodes": "managed", "managed-deps": "logging,registry,gpu"},
        "managed-containerd",
        "containerd",
        mention=("Fluent Bit", "#checklist-registry", "#checklist-gpu", "#checklist-logging", "GPU Operator"),
        never=OLD_CONTAINERD + KUBEADM,
        mention_en=("device plugin keeps working", "credential provider"),
    ),
    Situation(
        "GKE already on cos_containerd; wants to know if anything is left",
        "en",
        {"runtime": "containerd", "where-containerd": "managed"},
        "keep-managed",
        "containerd",
        mention=("cos_containerd", "kubectl dds"),
        mention_en=("What to check", "node auto-provisioning"),
        never_en=("Migration checklist",),
    ),
    Situation(
        "EKS 1.29 on containerd, new team member unsure about old bootstrap flags",
        "ja",
        {"runtime": "containerd", "where-containerd": "managed"},
        "keep-managed",
        "containerd",
        mention=("--enable-docker-bridge", "--container-runtime dockerd"),
        mention_ja=("確認すること",),
    ),
    # Vendor platforms (cause 2) ---------------------------------------------------------------
    Situation(
        "k3s edge cluster on containerd, the monitoring agent needs the CRI socket path",
        "en",
        {"runtime": "containerd", "where-containerd": "k3s"},
        "k3s-containerd",
        "containerd",
        mention=("/run/k3s/containerd/containerd.sock", "k3s crictl", "config.toml.tmpl", "registries.yaml"),
        never=("unix:///run/containerd/containerd.sock",),
    ),
    Situation(
        "RKE2 クラスター、crictl の使い方がわからない",
        "ja",
        {"runtime": "containerd", "where-containerd": "k3s"},
        "k3s-containerd",
        "containerd",
        mention=("/var/lib/rancher/rke2/bin/crictl", "/run/k3s/containerd/containerd.sock"),
        mention_ja=("確認すること",),
    ),
    Situation(
        "New k3s cluster, the admin does not know what runtime k3s uses",
        "en",
        {"runtime": "unknown", "nodes": "vendor", "distro": "k3s"},
        "k3s-containerd",
        "containerd",
        mention=("/run/k3s/containerd/containerd.sock", "k3s crictl", "#checklist-verify"),
    ),
    Situation(
        "k3s v1.27 started with --docker for a no-push dev loop",
        "en",
        {"runtime": "docker-cri-dockerd", "where-cri-dockerd": "k3s-docker"},
        "k3s-docker",
        "cri-dockerd",
        mention=("--docker", "/run/k3s/containerd/containerd.sock", "k3s ctr -n k8s.io images import"),
    ),
    Situation(
        "k0s cluster on its bundled containerd",
        "en",
        {"runtime": "containerd", "where-containerd": "vendor"},
        "vendor-containerd",
        "containerd",
        mention=("/run/k0s/containerd.sock", "/etc/k0s/containerd.d/"),
        never=("unix:///run/containerd/containerd.sock",),
    ),
    Situation(
        "OpenShift 4.14; app teams run Jenkins agents that mount docker.sock",
        "en",
        {"runtime": "crio", "where-crio": "openshift"},
        "platform-crio",
        "CRI-O",
        mention=("docker.sock", "BuildConfig", "oc debug node", "buildah"),
        never=("cri-dockerd",),
        mention_en=("What to check",),
        never_en=("Migration checklist",),
    ),
    Situation(
        "新しい OpenShift クラスター、ランタイムはわからない",
        "ja",
        {"runtime": "unknown", "nodes": "openshift"},
        "platform-crio",
        "CRI-O",
        mention=("BuildConfig", "#checklist-verify"),
    ),
    Situation(
        "MKE 3.7 on Mirantis Container Runtime, Kubernetes 1.27, Mirantis support contract",
        "en",
        {"runtime": "docker-cri-dockerd", "where-cri-dockerd": "mke3"},
        "mke3-cri-dockerd",
        "cri-dockerd",
        mention=("MKE 4", "k0s", "cri-docker.socket"),
        mention_en=("Mirantis supports that combination",),
        never_en=("a bridge, not a destination",),
    ),
    Situation(
        "MKE 3.4 still on Kubernetes 1.20 with dockershim",
        "en",
        {**LEGACY, "nodes": "vendor", "distro": "mke3"},
        "mke3-cri-dockerd",
        "cri-dockerd",
        mention=("#banner-legacy", "MKE 4"),
        never=OLD_CONTAINERD + KUBEADM,
        never_en=("Change the runtime first",),
    ),
    Situation(
        "RKE1 cluster on Kubernetes 1.23 managed by Rancher 2.6",
        "en",
        {**LEGACY, "nodes": "vendor", "distro": "rke1"},
        "rke1-replatform",
        "containerd",
        mention=("enable_cri_dockerd", "RKE2", "2025-07-31"),
        never=OLD_CONTAINERD + KUBEADM,
    ),
    Situation(
        "RKE1 が v1.26（cri-dockerd 同梱）で動いている",
        "ja",
        {"runtime": "docker-cri-dockerd", "where-cri-dockerd": "rke1"},
        "rke1-replatform",
        "containerd",
        mention=("RKE2", "2025-07-31", "enable_cri_dockerd"),
    ),
    # Windows pools -------------------------------------------------------------------------------
    Situation(
        "Self-managed Windows Server 2019 pool on Docker EE, Mirantis contract, kubelet 1.23",
        "en",
        {**LEGACY, "nodes": "self-windows", "windows-mcr": "stay-mcr"},
        "windows-mcr-cri-dockerd",
        "cri-dockerd",
        mention=("npipe:////./pipe/cri-dockerd", "--container-runtime-endpoint", "#banner-legacy"),
        never=OLD_CONTAINERD,
        never_en=("Change the runtime first",),
        mention_en=("Mirantis Container Runtime stays",),
    ),
    Situation(
        "Windows Server 2022 のノードを containerd に移したい、gMSA を使っている",
        "ja",
        {**LEGACY, "nodes": "self-windows", "windows-mcr": "containerd-ok"},
        "windows-containerd",
        "containerd",
        mention=("npipe:////./pipe/containerd-containerd", "GMSA", "containerd.exe --register-service"),
        mention_ja=("ネットワーク共有",),
    ),
    Situation(
        "Windows pool already on containerd",
        "en",
        {"runtime": "containerd", "where-containerd": "self-windows"},
        "keep-windows-containerd",
        "containerd",
        mention=("npipe:////./pipe/containerd-containerd", "GMSA"),
        never=("unix:///run/containerd/containerd.sock",),
    ),
    Situation(
        "Windows nodes on MCR with kubelet 1.26",
        "en",
        {"runtime": "docker-cri-dockerd", "where-cri-dockerd": "windows-mcr"},
        "windows-mcr-cri-dockerd",
        "cri-dockerd",
        mention=("npipe:////./pipe/cri-dockerd", "--container-runtime-endpoint"),
        never=("#banner-legacy",),
    ),
    # GPUs, daemon settings, preferences ------------------------------------------------------
    Situation(
        "GPU training nodes on kubeadm 1.23 with the nvidia default-runtime in daemon.json",
        "en",
        {**SELF, "touches": "gpu,cgroup", "preference": "default"},
        "self-containerd",
        "containerd",
        mention=(
            "nvidia-ctk runtime configure --runtime=containerd",
            "GPU Operator",
            "default-runtime",
            "SystemdCgroup = true",
            "#checklist-gpu",
        ),
        never=("cri-dockerd.sock",),
        mention_en=("device plugin keeps working",),
    ),
    Situation(
        "RHEL 9 fleet with registry mirrors and insecure registries, SELinux enforced",
        "en",
        {**SELF, "touches": "registry,logging", "preference": "redhat"},
        "self-crio",
        "CRI-O",
        mention=(
            "registries.conf",
            "/etc/containers/certs.d/",
            "unix:///var/run/crio/crio.sock",
            "#banner-legacy",
            "Kubic",
        ),
        never_en=("switch in place to containerd 1.7",),
    ),
    Situation(
        "ランタイムのバージョンを Kubernetes とそろえて上げたいチーム",
        "ja",
        {"runtime": "unknown", "nodes": "self-linux", "touches": "nothing", "preference": "lockstep"},
        "self-crio",
        "CRI-O",
        mention=("unix:///var/run/crio/crio.sock",),
        mention_ja=("同じマイナーバージョン",),
        never=("#banner-legacy",),
    ),
    Situation(
        "kubeadm with registry mirrors, a proxy and raised ulimits in daemon.json",
        "en",
        {**SELF, "touches": "registry,proxy,ulimits", "preference": "default"},
        "self-containerd",
        "containerd",
        mention=("config_path", "hosts.toml", "registry.mirrors", "HTTPS_PROXY", "LimitNOFILE"),
        mention_en=("deprecated",),
    ),
    Situation(
        "Log parsers expect Docker's JSON files; the team will switch parsers before the upgrade",
        "en",
        {**SELF, "touches": "logging", "preference": "default"},
        "self-containerd",
        "containerd",
        mention=("containerLogMaxSize", "containerLogMaxFiles", "Fluent Bit"),
        never=("json-file",),
    ),
    Situation(
        "kubeadm 1.22、Docker への依存はまだ調べていない",
        "ja",
        {**SELF, "touches": "unknown", "preference": "default"},
        "self-containerd",
        "containerd",
        mention=("kubectl dds", "#checklist-verify", "containerd 1.7", "#banner-legacy"),
        mention_ja=("マイナーバージョンを 1 つずつ",),
    ),
    # Already migrated ---------------------------------------------------------------------------
    Situation(
        "kubeadm 1.30 nodes on containerd 1.7.20, Docker CE still installed",
        "en",
        {"runtime": "containerd", "where-containerd": "self-linux"},
        "keep-containerd",
        "containerd",
        mention=("apt-mark manual containerd.io", "2.x", "kubectl dds"),
        mention_en=("What to check", "no more security fixes", "September 2026"),
        mention_ja=("2026 年 9 月", "セキュリティ修正が出ません"),
        never_en=("Migration checklist", "scheduled to end", "was scheduled"),
    ),
    Situation(
        "CRI-O on self-managed Fedora CoreOS nodes",
        "en",
        {"runtime": "crio", "where-crio": "self-linux"},
        "keep-crio",
        "CRI-O",
        mention=("unix:///var/run/crio/crio.sock",),
        never_en=("Migration checklist",),
    ),
    Situation(
        "cri-dockerd installed by hand on kubeadm 1.28 nodes two years ago",
        "en",
        {"runtime": "docker-cri-dockerd", "where-cri-dockerd": "self-linux"},
        "keep-cri-dockerd",
        "cri-dockerd",
        mention=("json-file", "cri-dockerd"),
        mention_en=("plan the exit",),
    ),
    Situation(
        "A distribution nobody on the team recognises, runtime unknown",
        "en",
        {"runtime": "unknown", "nodes": "vendor", "distro": "unknown"},
        "vendor-containerd",
        "containerd",
        mention=("#checklist-ask-vendor", "#checklist-verify"),
    ),
    # Laptops and CI VMs (cause 7) ----------------------------------------------------------------
    Situation(
        "Developer laptop with kind, pushing images is fine",
        "en",
        {"runtime": "unknown", "nodes": "local", "local-images": "load-is-fine"},
        "local-containerd",
        "containerd",
        mention=("kind load docker-image",),
        never=OPS + ("alert",),
    ),
    Situation(
        "ノート PC の minikube で docker build したイメージをすぐ動かしたい",
        "ja",
        {"runtime": "unknown", "nodes": "local", "local-images": "no-push"},
        "local-cri-dockerd",
        "cri-dockerd",
        mention=("minikube",),
        never=OPS,
        never_ja=("アラート",),
    ),
    Situation(
        "CI VM that spins up kind for integration tests, already containerd",
        "en",
        {"runtime": "containerd", "where-containerd": "local"},
        "local-containerd",
        "containerd",
        mention=("kind load docker-image", "k3d image import"),
        never=OPS + ("alert",),
    ),
]

# Several node pools in one address (cause 5): a Linux pool on containerd beside Windows on MCR.
LINUX_POOL = "runtime.docker-dockershim~nodes.self-linux~touches.nothing~preference.default"
MULTI_POOL = Situation(
    "Linux pool to containerd, Windows pool stays on Mirantis Container Runtime",
    "en",
    {**LEGACY, "nodes": "self-windows", "windows-mcr": "stay-mcr"},
    "windows-mcr-cri-dockerd",
    "cri-dockerd",
    mention=(
        "#plan-title",
        "#pool-1",
        "npipe:////./pipe/cri-dockerd",
        "unix:///run/containerd/containerd.sock",
    ),
    mention_en=("The plan for 2 node pools", "switch first"),
    mention_ja=("2 つのノードプールの計画",),
    pools=(LINUX_POOL,),
)
SITUATIONS.append(MULTI_POOL)
