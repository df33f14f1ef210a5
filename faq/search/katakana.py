"""Names written in katakana (content/search-katakana.yaml) found in a Japanese run before it is
segmented: ドッカーシム is read as dockershim, and ドッカーエンジン as docker + エンジン."""

import re


def names_pattern(names):
    """(where a katakana word starts with a name, a name right here) regexes of katakana names
    ({spelling without ー: name}): a ー may follow any letter, longest first; or None."""
    if not names:
        return None
    spellings = sorted(names, key=len, reverse=True)
    alternatives = "|".join("".join(re.escape(ch) + "ー?" for ch in w) for w in spellings)
    return re.compile(f"(?<![\u30a1-\u30fa\u30fc])(?:{alternatives})"), re.compile(alternatives)


def japanese_words(run, segment, names, pattern):
    """(word, start, end) of a Japanese run: each katakana name (names_pattern; `names` maps its
    spelling without ー to the words of its name) as those words, spanning its katakana; the text
    between them by `segment`."""
    last = 0
    starts, here = pattern or (None, None)
    for m in starts.finditer(run) if starts else ():
        if m.start() < last:  # inside the names chained below
            continue
        if m.start() > last:
            for word, begin, end in segment(run[last : m.start()]):
                yield word, last + begin, last + end
        while m is not None and m.end() > m.start():  # and the names right after it
            for part in names[m.group().replace("ー", "")]:
                yield part, m.start(), m.end()
            last = m.end()
            m = here.match(run, last)
    if last < len(run):
        for word, begin, end in segment(run[last:]):
            yield word, last + begin, last + end
