"""YAML as the site's files are read (front matter, data/*.yaml): one loader, and what YAML lets pass silently.

YAML keeps the last of a key written twice in one mapping, without a word:
a second ``title:`` further down a page's front matter replaces the first.
And a double-quoted scalar makes a control character of an escape ("\\x00",
"\\e"), which the check of the file's text (characters.py) cannot see. Both
are found on the composed nodes, which keep their lines.
"""

from __future__ import annotations

import yaml

from sitegen.core.characters import CONTROL, describe_control

# The C loader is several times faster; the pure-Python one reads the same YAML.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_MERGE = "tag:yaml.org,2002:merge"  # '<<: *defaults' may stand beside keys it brings in


def compose(text: str) -> yaml.Node | None:
    """The text's YAML document as nodes (None for an empty one); raises yaml.YAMLError as yaml.compose does."""
    return yaml.compose(text, Loader=LOADER)


def node_mistakes(root: yaml.Node | None, first_line: int = 1) -> list[tuple[int, str]]:
    """(line, message) for each key written twice in one mapping and each scalar an escape made a control character in.

    ``first_line`` is the file's line of the text's first (front matter starts on line 2).
    """
    mistakes: list[tuple[int, str]] = []
    waiting = [root] if root is not None else []
    seen: set[int] = set()  # an alias is its anchor's node again: each node is looked at once
    while waiting:
        node = waiting.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            found = CONTROL.search(node.value)
            if found:
                mistakes.append(
                    (node.start_mark.line + first_line, f"{describe_control(found[0])}, made by an escape: delete it (it cannot be shown on a page)")
                )
        elif isinstance(node, yaml.MappingNode):
            first: dict[tuple[str, str], int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE:
                    line = key.start_mark.line + first_line
                    if (key.tag, key.value) in first:
                        earlier = first[(key.tag, key.value)]
                        where = f"twice, on lines {earlier} and {line}" if earlier != line else "twice on this line"
                        mistakes.append((line, f"key '{key.value}' is written {where}: YAML would keep only the last; keep one"))
                    else:
                        first[(key.tag, key.value)] = line
                waiting += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            waiting += node.value
    return sorted(mistakes)
