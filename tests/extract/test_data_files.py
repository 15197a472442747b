"""The extractor's data files are read through one typed loader (extract.resources), and every key
in them is read by the extractor: a key nobody reads is dead knowledge that looks alive.

- each file loads into its pydantic model, which forbids keys it does not declare;
- each declared field is read somewhere in extract/ (directly, or through a property or method of
  its model that the extractor calls).
"""

from __future__ import annotations

import ast
import copy
import tomllib
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from citykg.extract import resources

EXTRACT = Path(resources.__file__).resolve().parent
LOADERS = {
    "lexicon": (resources.lexicon, resources.Lexicon),
    "grammar": (resources.grammar, resources.Grammar),
    "frames": (resources.frames, resources.Frames),
    "rules": (resources.rulebook, resources.Rulebook),
    "structure": (resources.structure, resources.Structure),
    "boilerplate": (resources.boilerplate, resources.Boilerplate),
    "national_programs": (resources.national_programs, resources.NationalPrograms),
}


def _models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """The model and every model nested in its fields."""
    out, todo = [], [model]
    while todo:
        m = todo.pop()
        if m in out:
            continue
        out.append(m)
        for f in m.model_fields.values():
            for t in _types(f.annotation):
                if isinstance(t, type) and issubclass(t, BaseModel):
                    todo.append(t)
    return out


def _types(annotation) -> list:
    args = getattr(annotation, "__args__", ())
    return [annotation, *[t for a in args for t in _types(a)]]


def _names_read_outside(skip: Path) -> set[str]:
    """Names, attribute names and string constants used in extract/ (the loader's own module excepted)."""
    names: set[str] = set()
    for path in EXTRACT.rglob("*.py"):
        if path == skip:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.Name | ast.alias):
                names.add(node.id if isinstance(node, ast.Name) else node.name)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names.add(node.value)
    return names


def _members_reading() -> dict[str, set[str]]:
    """For each function of extract.resources (module functions, model properties and methods): the
    names it reads."""
    tree = ast.parse(Path(resources.__file__).read_text(encoding="utf-8"))
    out: dict[str, set[str]] = {}
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        functions += [n for n in cls.body if isinstance(n, ast.FunctionDef)]
    for fn in functions:
        read = {x.attr for x in ast.walk(fn) if isinstance(x, ast.Attribute)}
        read |= {x.value for x in ast.walk(fn) if isinstance(x, ast.Constant) and isinstance(x.value, str)}
        out.setdefault(fn.name, set()).update(read)
    return out


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_each_data_file_loads_into_its_model(name):
    load, model = LOADERS[name]
    assert isinstance(load(), model)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_a_key_the_model_does_not_declare_is_refused(name):
    _, model = LOADERS[name]
    data = tomllib.loads((EXTRACT / "data" / f"{name}.toml").read_text(encoding="utf-8"))
    bad = copy.deepcopy(data)
    bad["a_key_nobody_reads"] = ["x"]
    with pytest.raises(ValidationError, match="a_key_nobody_reads"):
        model.model_validate(bad)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_every_key_is_read_by_the_extractor(name):
    _, model = LOADERS[name]
    used = _names_read_outside(Path(resources.__file__).resolve())
    unread = []
    members = _members_reading()
    via_members = set().union(*(reads for member, reads in members.items() if member in used))
    for m in _models(model):
        for field, info in m.model_fields.items():
            key = info.alias or field
            if field in used or key in used or field in via_members:
                continue
            # a section read as a whole by the loader of its file (lexicon().person ...) counts when any
            # of its own fields is read
            if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
                continue
            unread.append(f"{m.__name__}.{field}")
    assert not unread, f"keys of {name}.toml that the extractor never reads: {unread}"
