"""Load YAML keeping line numbers, so every schema error can name its file and line.

Mappings load as `LineDict` (line of the mapping, and of each key), sequences as `LineList`.
Duplicate keys are reported instead of silently overwritten, and YAML 1.1 booleans written
without quotes (yes/no/on/off) are remembered so the schema can ask for quotes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_BOOL_WORDS = frozenset({"yes", "no", "on", "off", "true", "false", "y", "n"})


class LineDict(dict[str, Any]):
    line: int = 0
    key_lines: dict[str, int]
    raw_bools: dict[str, str]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class YamlError(Exception):
    """A file that cannot be read as YAML at all; `str()` names the file and line."""


class _Loader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    duplicates: list[tuple[int, str]]


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    result.raw_bools = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = key if isinstance(key, str) else str(key)
        if key in result:
            loader.duplicates.append((key_node.start_mark.line + 1, key))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
        if (
            isinstance(value_node, yaml.ScalarNode)
            and not value_node.style  # plain (unquoted); the C parser says "" where Python says None
            and value_node.value.lower() in _BOOL_WORDS
        ):
            result.raw_bools[key] = value_node.value
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# Dates stay strings: `as_of: 2026-11-26` and `as_of: "2026-11-26"` mean the same to us.
_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node),
)


def load_yaml(path: Path) -> tuple[Any, list[tuple[int, str]]]:
    """Parse one file. Returns (data, duplicate keys as (line, key)). Raises `YamlError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise YamlError(f"{path}: cannot be read ({err.__class__.__name__}: {err})") from err
    loader = _Loader(text)
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise YamlError(f"{where}: not valid YAML: {err.problem or err.context}") from err
    except yaml.YAMLError as err:
        raise YamlError(f"{path}: not valid YAML: {err}") from err
    finally:
        loader.dispose()
    return data, loader.duplicates


def read_checked(path: Path, errors: list[str]) -> tuple[bool, Any]:
    """Parse one knowledge file, adding its syntax and duplicate-key errors to `errors`.

    Returns (parsed, data); `parsed` is False when the file could not be read as YAML at all.
    """
    try:
        data, duplicates = load_yaml(path)
    except YamlError as err:
        errors.append(f"{err}; fix the YAML syntax.")
        return False, None
    errors.extend(f"{path}:{line}: key '{key}' appears twice in one mapping; keep one." for line, key in duplicates)
    return True, data
