"""Every glossary entry is a full set of words: known language keys, each a non-empty string. A
YAML flow mapping cuts an unquoted value at its comma ("education assistance (fee waivers,
grants)" became "education assistance (fee waivers" and a stray key "grants)"); this catches it."""
from __future__ import annotations

from kb.explain.glossary import glossary

KEYS = {"zh", "en", "short_zh", "short_en", "zh_one", "en_one"}


def test_every_entry_has_known_keys_and_string_words():
    bad = []
    for section, entries in glossary().items():
        for key, entry in entries.items():
            if section in ("procedure_labels", "encoder_notes"):     # zh text -> its English
                if not (isinstance(entry, str) and entry):
                    bad.append((section, key, entry))
                continue
            if not isinstance(entry, dict) or not {"zh", "en"} <= set(entry) or set(entry) - KEYS \
                    or not all(isinstance(v, str) and v for v in entry.values()):
                bad.append((section, key, entry))
    assert not bad, bad
