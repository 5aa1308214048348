"""The YAML loader of the policy folders' files: safe, and each mapping remembers its line, for
located errors. Its own module so that reading a compiled knowledge base (the cache, `binggui
screen`) does not import PyYAML: only compiling does."""
from __future__ import annotations

import yaml


class LineLoader(yaml.SafeLoader):
    """Safe YAML loader that remembers each mapping's line (`__line__`)."""


def _construct_mapping(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
