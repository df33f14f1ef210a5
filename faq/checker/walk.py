"""Walk manifests read by manifests.py for the checker: the objects of a document (one, a
`kind: *List` or a list), each object's kind and name, the strings outside its Pod specs (found
by shapes.py) and every key; plus the small readers of Obj/Seq values the matchers share."""

from .manifests import Obj, Seq

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


def strings(value, path, skip):
    """(path, text, line) of every string outside the nodes in `skip` (ids of Pod specs)."""
    if id(value) in skip:
        return
    if isinstance(value, Obj):
        for key, child in value.items():
            if key in ("managedFields", _LAST_APPLIED):
                continue
            child_path = f"{path}.{key}" if path else key
            if isinstance(child, str):
                yield child_path, child, value.line_of(key)
            else:
                yield from strings(child, child_path, skip)
    elif isinstance(value, Seq):
        for number, child in enumerate(value):
            if isinstance(child, str):
                yield f"{path}[{number}]", child, value.line_of(number)
            else:
                yield from strings(child, f"{path}[{number}]", skip)
    elif isinstance(value, str):
        yield path or ".", value, None


def keys(value, path="", parent="."):
    """(path, key, parent key, mapping) of every key; `parent` is the key of the nearest
    enclosing mapping ("." at the top), lists in between left out."""
    if isinstance(value, Obj):
        for key, child in value.items():
            if key in ("managedFields", _LAST_APPLIED):
                continue
            child_path = f"{path}.{key}" if path else key
            yield child_path, key, parent, value
            yield from keys(child, child_path, key)
    elif isinstance(value, Seq):
        for number, child in enumerate(value):
            yield from keys(child, f"{path}[{number}]", parent)


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
