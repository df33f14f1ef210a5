"""Translation pairs: every entry is written in one language and translated into the other; the
translation records which revision of the original it matches (`translated_from: <lang>@<hash>`,
written by `manage.py stamp_translation`), so a changed original marks its translation stale."""

import hashlib

from .entryfile import LANGS
from .problems import Problem


def body_hash(body):
    normalized = "\n".join(line.rstrip() for line in body.strip().splitlines())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:12]


def check_pairs(raw, problems):
    """Report pairs whose translation marker is missing or out of date; return the stale keys."""
    stale = set()
    for entry_id in sorted({entry_id for _, entry_id in raw}):
        pair = [raw.get((lang, entry_id)) for lang in LANGS]
        if None in pair:
            continue  # reported as a missing translation
        marked = [fields for fields in pair if fields["translated_from"]]
        if len(marked) != 1:
            what = "neither file records" if not marked else "both files record"
            problems.append(
                Problem(
                    pair[0]["path"],
                    1,
                    f"{what} translated_from: mark the translation "
                    f"with `manage.py stamp_translation {entry_id} <lang>`",
                )
            )
            continue
        translation = marked[0]
        original = pair[1] if translation is pair[0] else pair[0]
        source_lang, recorded = translation["translated_from"]
        line = translation["lines"]["translated_from"]
        current = body_hash(original["body"])
        if source_lang != original["lang"]:
            problems.append(
                Problem(
                    translation["path"],
                    line,
                    f"translated_from names {source_lang!r}, but the original is in {original['lang']!r}",
                )
            )
        elif recorded != current:
            stale.add((translation["lang"], entry_id))
            problems.append(
                Problem(
                    translation["path"],
                    line,
                    f"translation is behind {original['path']} (written from {recorded}, now {current}); "
                    f"update it, then run `manage.py stamp_translation {entry_id} {translation['lang']}`",
                    level="warning",
                )
            )
    return stale
