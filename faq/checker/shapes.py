"""The Pod specs of an object, whatever shape its tool gives them, as one model the matchers read:
containers (image, the programs they run, env, mounts) and host-path volumes. Shapes:

- Kubernetes: any mapping with a `containers` list (Pods, workload templates, CRDs that embed one)
  with `initContainers` and `ephemeralContainers`; Jenkins Kubernetes-plugin templates (JCasC)
  have the same `containers` list, with `hostPathVolume` volumes;
- Argo Workflows: each template of a `templates` list that has a `container`, a `script`, a
  `containerSet`, `sidecars` or `initContainers`, with the workflow's and the template's volumes;
- Tekton: a `steps` list of containers (Task, ClusterTask, an embedded taskSpec) with `sidecars`;
- GitLab Runner's Kubernetes executor (`[runners.kubernetes]` of config.toml): the build image,
  the services, `privileged`, the runner's `environment`, `volumes.host_path`;
- volume lists of chart values (the Jenkins chart's `agent.volumes` of `type: HostPath`)."""

import re
import shlex
from dataclasses import dataclass, field

from .manifests import Obj, Seq
from .walk import list_of, text_of

SKIP_KEYS = ("metadata", "status", "managedFields")
_TRUE = {"true", "yes", "on", "y"}
_SHELLS = {"sh", "bash", "ash", "dash", "zsh", "ksh"}
_PREFIXES = {"sudo", "exec", "env", "time", "nohup", "command", "xargs", "nice", "ionice", "timeout"}
_SEPARATORS = re.compile(r"\|\||&&|[;&|()`\n]|\$\(")
_HEREDOC = re.compile(r"<<-?[ \t]*['\"]?([A-Za-z_][A-Za-z0-9_]*)['\"]?")


@dataclass
class Container:
    label: str  # "agent", "init: fix-perms", "sidecar: dind", "service: docker:dind"
    location: str
    line: int | None
    image: str
    programs: set  # words a shell would run: `docker` in `sh -c "docker build . && ..."`
    command_lines: list  # command and args as text, for kubelet flags and CRI socket paths
    env: list  # (name, value, line)
    privileged: bool
    mounts: set | None  # names of the volumes it mounts; None: every volume of the spec


@dataclass
class HostVolume:
    name: str
    path: str
    location: str
    line: int | None


@dataclass
class PodSpec:
    path: str
    line: int | None
    containers: list = field(default_factory=list)
    volumes: list = field(default_factory=list)
    config_refs: set = field(default_factory=set)  # ("ConfigMap" | "Secret", name) it mounts
    claimed: list = field(default_factory=list)  # the nodes it read: string checks skip them

    def users(self, volume):
        return tuple(c.label for c in self.containers if c.mounts is None or volume.name in c.mounts)


def pod_specs(value, path="", found=None):
    """Every PodSpec of an object, outermost first; a spec's own nodes are not searched again."""
    found = [] if found is None else found
    if isinstance(value, Obj):
        spec = _spec_of(value, path)
        if spec is not None:
            found.extend(spec if isinstance(spec, list) else [spec])
            return found
        for key, child in value.items():
            if key not in SKIP_KEYS:
                pod_specs(child, f"{path}.{key}" if path else key, found)
    elif isinstance(value, Seq):
        for number, child in enumerate(value):
            pod_specs(child, f"{path}[{number}]", found)
    return found


def _spec_of(node, path):
    if isinstance(node.get("containers"), Seq) and any(isinstance(c, Obj) for c in node["containers"]):
        return _kubernetes(node, path or ".")
    steps = node.get("steps")
    if isinstance(steps, Seq) and any(isinstance(s, Obj) and ("image" in s or "script" in s) for s in steps):
        return _tekton(node, path or ".")
    templates = node.get("templates")
    if isinstance(templates, Seq) and any(isinstance(t, Obj) and _ARGO_KEYS & t.keys() for t in templates):
        return _argo(node, path or ".")
    if _is_gitlab_runner(node):
        return _gitlab(node, path or ".")
    volumes = node.get("volumes")
    if isinstance(volumes, Seq) and any(_loose_host_path(v) for v in volumes):
        spec = PodSpec(path or ".", node.line, claimed=[volumes])
        spec.volumes = _volumes(volumes, f"{spec.path}.volumes", spec)
        return spec
    return None


def _kubernetes(node, path):
    spec = PodSpec(path, node.line, claimed=[node])
    labels = {"initContainers": "init: ", "ephemeralContainers": "ephemeral: ", "containers": ""}
    for key, prefix in labels.items():
        for number, container in enumerate(list_of(node.get(key))):
            if isinstance(container, Obj):
                spec.containers.append(_container(container, prefix, f"{path}.{key}", number))
    if any(
        isinstance(v, Obj) and isinstance(v.get("hostPathVolume"), Obj) for v in list_of(node.get("volumes"))
    ):
        for container in spec.containers:  # JCasC mounts a template's volumes in every container
            container.mounts = None
    spec.volumes = _volumes(node.get("volumes"), f"{path}.volumes", spec)
    return spec


def _tekton(node, path):
    spec = PodSpec(path, node.line, claimed=[node])
    for key, prefix in (("steps", "step: "), ("sidecars", "sidecar: ")):
        for number, container in enumerate(list_of(node.get(key))):
            if isinstance(container, Obj):
                spec.containers.append(_container(container, prefix, f"{path}.{key}", number))
    spec.volumes = _volumes(node.get("volumes"), f"{path}.volumes", spec)
    return spec


_ARGO_KEYS = {"container", "script", "containerSet", "sidecars", "initContainers"}


def _argo(node, path):
    specs, shared = [], node.get("volumes")
    for number, template in enumerate(list_of(node.get("templates"))):
        if not isinstance(template, Obj) or not _ARGO_KEYS & template.keys():
            continue
        name = text_of(template.get("name")) or str(number)
        where = f"{path}.templates[{name}]"
        spec = PodSpec(where, template.line, claimed=[template])
        for key in ("container", "script"):
            if isinstance(template.get(key), Obj):
                spec.containers.append(_container(template[key], "", where, key))
        for key, prefix in (("initContainers", "init: "), ("sidecars", "sidecar: ")):
            for index, container in enumerate(list_of(template.get(key))):
                if isinstance(container, Obj):
                    spec.containers.append(_container(container, prefix, f"{where}.{key}", index))
        container_set = template.get("containerSet")
        if isinstance(container_set, Obj):
            for index, container in enumerate(list_of(container_set.get("containers"))):
                if isinstance(container, Obj):
                    spec.containers.append(
                        _container(container, "", f"{where}.containerSet.containers", index)
                    )
        spec.volumes = _volumes(template.get("volumes"), f"{where}.volumes", spec)
        specs.append(spec)
    if specs and isinstance(shared, Seq):
        # The workflow's volumes belong to the templates that mount them (to the first if none do).
        specs[0].claimed.append(shared)
        for volume in _volumes(shared, f"{path}.volumes", specs[0]):
            users = [s for s in specs if s.users(volume)] or specs[:1]
            for spec in users:
                spec.volumes.append(volume)
        for spec in specs[1:]:
            spec.config_refs |= specs[0].config_refs
    return specs


def _is_gitlab_runner(node):
    """A `[[runners]]` table of config.toml (its template in the Helm chart has no `executor`)."""
    kubernetes = node.get("kubernetes")
    return (
        isinstance(kubernetes, Obj)
        and text_of(node.get("executor")) in ("kubernetes", "")
        and "templates" not in kubernetes  # a Jenkins cloud
        and bool({"image", "volumes", "services"} & kubernetes.keys())
    )


def _gitlab(node, path):
    kubernetes = node["kubernetes"]
    where = f"{path}.kubernetes"
    spec = PodSpec(where, kubernetes.line or node.line, claimed=[kubernetes, node.get("environment")])
    privileged = text_of(kubernetes.get("privileged")).lower() in _TRUE
    env = []
    for item in list_of(node.get("environment")):
        name, _, value = text_of(item).partition("=")
        env.append((name, value, node.line_of("environment")))
    build = Container(
        "build", where, kubernetes.line, text_of(kubernetes.get("image")), set(), [], env, privileged, None
    )
    spec.containers.append(build)
    for index, service in enumerate(list_of(kubernetes.get("services"))):
        if isinstance(service, Obj):
            image = text_of(service.get("name"))
            label = f"service: {text_of(service.get('alias')) or image}"
            spec.containers.append(
                Container(
                    label, f"{where}.services[{index}]", service.line, image, set(), [], [], privileged, None
                )
            )
    volumes = kubernetes.get("volumes")
    if isinstance(volumes, Obj):
        for index, volume in enumerate(list_of(volumes.get("host_path"))):
            if isinstance(volume, Obj):
                # host_path defaults to mount_path when it is not given.
                host = text_of(volume.get("host_path")) or text_of(volume.get("mount_path"))
                name = text_of(volume.get("name")) or str(index)
                spec.volumes.append(
                    HostVolume(name, normal_path(host), f"{where}.volumes.host_path[{name}]", volume.line)
                )
    return spec


def _container(node, prefix, where, number):
    name = text_of(node.get("name")) or str(number)
    command = _words(node.get("command"))
    args = _words(node.get("args"))
    scripts = [text_of(node.get(key)) for key in ("script", "source") if text_of(node.get(key))]
    env = []
    for variable in [*list_of(node.get("env")), *list_of(node.get("envVars"))]:
        if isinstance(variable, Obj):
            inner = variable.get("envVar") if isinstance(variable.get("envVar"), Obj) else variable
            key = text_of(inner.get("name")) or text_of(inner.get("key"))
            env.append((key, text_of(inner.get("value")), inner.line))
    privileged = text_of(node.get("privileged")).lower() in _TRUE or (
        isinstance(node.get("securityContext"), Obj)
        and text_of(node["securityContext"].get("privileged")).lower() in _TRUE
    )
    mounts = {text_of(m.get("name")) for m in list_of(node.get("volumeMounts")) if isinstance(m, Obj)}
    if text_of(node.get("mirrorVolumeMounts")).lower() in _TRUE:
        mounts = None  # an Argo sidecar that mounts what the main container mounts
    return Container(
        label=prefix + name,
        location=f"{where}[{name}]" if isinstance(number, int) else f"{where}.{number}",
        line=node.line,
        image=text_of(node.get("image")),
        programs=programs(command, args, scripts),
        command_lines=[" ".join(command + args), *scripts] if command or args or scripts else [],
        env=env,
        privileged=privileged,
        mounts=mounts,
    )


def _words(value):
    if isinstance(value, Seq):
        return [text_of(v) for v in value]
    text = text_of(value)
    try:
        return shlex.split(text) if text else []
    except ValueError:  # an unclosed quote
        return text.split()


def programs(command, args, scripts=()):
    """The program names a container runs: the first word of its command (or of its args when
    the image's entrypoint runs them), and of each simple command of `sh -c` scripts."""
    words = command + args if command else args
    found = set()
    if words:
        first = _base(words[0])
        if first in _SHELLS and "-c" in words[1:]:
            index = words.index("-c", 1)
            found |= script_programs(" ".join(words[index + 1 :]))
        else:
            found |= _first_program(words)
    for script in scripts:
        found |= script_programs(script)
    return found


def script_programs(script):
    found, heredoc = set(), None
    for line in script.split("\n"):
        if heredoc is not None:
            if line.strip() == heredoc:
                heredoc = None
            continue
        marker = _HEREDOC.search(line)
        for part in _SEPARATORS.split(line):
            try:
                words = shlex.split(part, comments=True)
            except ValueError:
                words = part.split()
            found |= _first_program(words)
        if marker:
            heredoc = marker.group(1)
    return found


def _first_program(words):
    """The program of one simple command: past variable assignments, `sudo`/`exec`-like
    prefixes, `nsenter ... --`, and a nested `sh -c '...'`."""
    index = 0
    while index < len(words):
        word = _base(words[index])
        if "=" in words[index] and not words[index].startswith(("-", "/")):
            index += 1
        elif word in _PREFIXES:
            index += 1
            while index < len(words) and words[index].startswith("-"):
                index += 1
        elif word in ("nsenter", "chroot"):
            rest = words[index + 1 :]
            index = (
                index + 1 + (rest.index("--") + 1 if "--" in rest else (1 if word == "chroot" else len(rest)))
            )
        elif word in _SHELLS and "-c" in words[index + 1 :]:
            return script_programs(" ".join(words[words.index("-c", index + 1) + 1 :]))
        else:
            return {word} if word else set()
    return set()


def _base(word):
    return word.rsplit("/", 1)[-1]


def _volumes(volumes, where, spec):
    found = []
    for number, volume in enumerate(list_of(volumes)):
        if not isinstance(volume, Obj):
            continue
        name = text_of(volume.get("name")) or str(number)
        host = volume.get("hostPath")
        if isinstance(host, Obj):
            found.append(
                HostVolume(
                    name,
                    normal_path(text_of(host.get("path"))),
                    f"{where}[{name}].hostPath.path",
                    volume.line,
                )
            )
        elif _loose_host_path(volume):
            inner = volume.get("hostPathVolume") if isinstance(volume.get("hostPathVolume"), Obj) else volume
            path = text_of(inner.get("hostPath"))
            name = text_of(inner.get("mountPath")) or name
            found.append(HostVolume(name, normal_path(path), f"{where}[{number}].hostPath", inner.line))
        for kind, key, ref in (("ConfigMap", "configMap", "name"), ("Secret", "secret", "secretName")):
            source = volume.get(key)
            if isinstance(source, Obj) and text_of(source.get(ref)):
                spec.config_refs.add((kind, text_of(source[ref])))
        projected = volume.get("projected")
        if isinstance(projected, Obj):
            for source in list_of(projected.get("sources")):
                for kind, key in (("ConfigMap", "configMap"), ("Secret", "secret")):
                    if isinstance(source, Obj) and isinstance(source.get(key), Obj):
                        spec.config_refs.add((kind, text_of(source[key].get("name"))))
    return found


def _loose_host_path(volume):
    """A host path in the shape of a tool's config: JCasC `hostPathVolume: {hostPath, mountPath}`,
    the Jenkins chart's `{type: HostPath, hostPath, mountPath}`."""
    if not isinstance(volume, Obj):
        return False
    inner = volume.get("hostPathVolume")
    if isinstance(inner, Obj):
        return bool(text_of(inner.get("hostPath")))
    return text_of(volume.get("type")) == "HostPath" and bool(text_of(volume.get("hostPath")))


def normal_path(path):
    path = re.sub(r"/+", "/", path.strip())
    return path.rstrip("/") or path
