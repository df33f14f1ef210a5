"""Walk manifests read by manifests.py for the checker: the objects of a document (one, a
`kind: *List` or a list), each object's kind and name, its Pod specs and their containers, and the
strings outside the Pod specs; plus the small readers of Obj/Seq values the matchers share."""

from .manifests import Obj, Seq

CONTAINER_KEYS = ("initContainers", "containers", "ephemeralContainers")
_LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"  # a copy of the whole object


def objects(value):
    """(item number or None, object) for a document: one object, a `kind: *List`, or a list."""
    if isinstance(value, Obj) and text_of(value.get("kind")).endswith("List") and "items" in value:
        value = value["items"]
    if isinstance(value, Seq):
        yield from enumerate(value, start=1)
    else:
        yield None, value


def identity(obj):
    if not isinstance(obj, Obj):
        return "", "", ""
    metadata = obj.get("metadata")
    metadata = metadata if isinstance(metadata, Obj) else {}
    return text_of(obj.get("kind")), text_of(metadata.get("namespace")), text_of(metadata.get("name"))


def pod_specs(value, path):
    """(path, spec) of every Pod spec in an object: a mapping with a list of `containers`."""
    if isinstance(value, Obj):
        if isinstance(value.get("containers"), Seq):
            yield path or ".", value
            return
        for key, child in value.items():
            if key not in ("metadata", "status"):
                yield from pod_specs(child, f"{path}.{key}" if path else key)
    elif isinstance(value, Seq):
        for number, child in enumerate(value):
            yield from pod_specs(child, f"{path}[{number}]")


def containers(spec, path):
    """(label, location, container) for every container of a Pod spec; label names its kind."""
    prefixes = {"initContainers": "init: ", "ephemeralContainers": "ephemeral: ", "containers": ""}
    for key in CONTAINER_KEYS:
        for number, container in enumerate(list_of(spec.get(key))):
            if isinstance(container, Obj):
                name = text_of(container.get("name")) or str(number)
                yield prefixes[key] + name, f"{path}.{key}[{name}]", container


def strings(value, path, skip):
    """(path, text, line) of every string outside the Pod specs in `skip`."""
    if isinstance(value, Obj):
        if id(value) in skip:
            return
        for key, child in value.items():
            if key in ("managedFields", _LAST_APPLIED):
                continue
            child_path = f"{path}.{key}" if path else key
            if isinstance(child, str):
                yield child_path, child, value.line
            else:
                yield from strings(child, child_path, skip)
    elif isinstance(value, Seq):
        for number, child in enumerate(value):
            if isinstance(child, str):
                yield f"{path}[{number}]", child, value.line
            else:
                yield from strings(child, f"{path}[{number}]", skip)
    elif isinstance(value, str):
        yield path or ".", value, None


def value_at(value, *keys):
    for key in keys:
        if not isinstance(value, Obj):
            return None
        value = value.get(key)
    return value


def list_of(value):
    return value if isinstance(value, Seq) else ()


def text_of(value):
    return value if isinstance(value, str) else ""


def line_of(value):
    return getattr(value, "line", None)
