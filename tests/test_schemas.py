"""Generated schemas: valid 2020-12, portable subset, descriptions, value-free errors."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpa_core import publish, registry, schemas
from cpa_core.convert import field_names
from cpa_core.exceptions import CpaCoreError, InvalidRecordError, Problem
from cpa_core.findings import Severity
from cpa_core.schemas import field_descriptions, read, schema_errors, schema_for, validator_for
from hostile_inputs import hostile_record
from record_fixtures import FIXTURES, mutations
from sample_models import VALID, Contact

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "unevaluatedProperties",
    "unevaluatedItems",
    "$dynamicRef",
    "$dynamicAnchor",
    "prefixItems",
    "dependentRequired",
    "dependentSchemas",
}


def all_schemas() -> list[tuple[str, dict[str, Any]]]:
    out = [(kind, schema_for(model, kind, text)) for kind, model, text in registry.schema_kinds()]
    out.append(("test-contact", schema_for(Contact, "test-contact")))
    return out


def walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


@pytest.mark.parametrize(("kind", "schema"), all_schemas())
def test_schema_is_valid_draft_2020_12(kind: str, schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:cpa-core:schema:{schemas.SCHEMA_VERSION}:{kind}"


@pytest.mark.parametrize(("kind", "schema"), all_schemas())
def test_schema_keeps_to_the_portable_subset(kind: str, schema: dict[str, Any]) -> None:
    for node in walk(schema):
        assert not FORBIDDEN & node.keys(), kind
        if "properties" in node:
            assert node["additionalProperties"] is False, kind
        if "format" in node:
            assert "pattern" in node, kind
        if "$ref" in node:
            assert node.keys() == {"$ref"}, f"{kind}: keyword beside $ref"
            assert node["$ref"].startswith("#/$defs/")


def _models() -> Iterator[type]:
    seen: set[type] = set()
    todo: list[type] = [model for _, model, _ in registry.schema_kinds()]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        yield cls
        for field in attrs.fields(cls):
            for candidate in _attrs_classes(field.type):
                todo.append(candidate)


def _attrs_classes(t: Any) -> Iterator[type]:
    if isinstance(t, type) and attrs.has(t):
        yield t
    for arg in getattr(t, "__args__", ()):
        yield from _attrs_classes(arg)


@pytest.mark.parametrize("model", list(_models()), ids=lambda m: m.__name__)
def test_every_public_field_is_documented(model: type) -> None:
    attrs.resolve_types(model)
    documented = field_descriptions(model)
    missing = [f.name for f in attrs.fields(model) if f.init and not documented.get(f.name)]
    assert missing == [], f"{model.__name__}: document {missing} under Attributes:"


def test_field_descriptions_follow_continuation_lines() -> None:
    class Example:
        """Summary.

        Attributes:
            first: One line.
            second: Starts here
                and goes on.

        Other section.
        """

    assert field_descriptions(Example) == {
        "first": "One line.",
        "second": "Starts here and goes on.",
    }


def test_descriptions_and_defaults_reach_the_schema() -> None:
    schema = schema_for(Contact, "test-contact")
    props = schema["properties"]
    assert props["on"]["description"] == "The day of the contact."
    assert props["on"]["format"] == "date"
    assert props["mode"]["default"] == "face-to-face"
    assert props["scores"] == {
        "description": "Rated items.",
        "default": [],
        "type": "array",
        "items": {"$ref": "#/$defs/Score"},
        "maxItems": 12,
    }
    assert props["window"]["anyOf"][1] == {"type": "null"}
    assert props["kind"]["const"] == "contact"
    assert schema["required"] == ["contact_id", "nhs_number", "on"]
    assert schema["$defs"]["Score"]["properties"]["rating"]["maximum"] == 4


def errors(data: Any) -> dict[str, str]:
    validator = validator_for(Contact, "test-contact")
    return {p.path: p.message for p in schema_errors(validator, data, field_names(Contact))}


def test_schema_errors_have_paths_and_no_values() -> None:
    data = copy.deepcopy(VALID)
    data.update(
        nhs_number="943476591X",
        mode="telephony",
        weight="heavy",
        extra_field="Jane Smith",
        scores=[{"item": 13, "rating": -1}],
        window={"start": "2026-03-29T10:00:00Z"},
    )
    del data["on"]
    found = errors(data)
    assert len(found) == 8
    assert found["$.on"] == "required field missing"
    assert found["$.<key 11>"] == "unknown field"  # by position: the key may be personal
    assert found["$.nhs_number"] == "does not match the required format"
    assert found["$.mode"] == "not one of the allowed codes"
    assert found["$.weight"] == "expected a number"
    assert found["$.scores[0].item"] == "must be at most 12"
    assert found["$.scores[0].rating"] == "must be at least 0"
    assert found["$.window.end"] == "required field missing"
    text = json.dumps(found)
    for secret in ("943476591X", "telephony", "heavy", "Jane Smith"):
        assert secret not in text


def test_optional_nested_object_reports_inside_the_branch() -> None:
    found = errors({**VALID, "window": {"start": 5, "end": "2026-03-29T10:00:00Z"}})
    assert found == {"$.window.start": "expected a string"}


def test_whole_record_of_wrong_type() -> None:
    assert errors([]) == {"$": "expected an object"}


def test_read_checks_schema_then_structure() -> None:
    assert read(Contact, VALID, kind="test-contact").contact_id == "C1"
    with pytest.raises(InvalidRecordError) as schema_failure:
        read(Contact, {**VALID, "on": 1}, kind="test-contact")
    assert [str(p) for p in schema_failure.value.problems] == ["$.on: expected a string"]
    with pytest.raises(InvalidRecordError) as value_failure:
        read(Contact, {**VALID, "on": "2026-02-30"}, kind="test-contact")
    assert [str(p) for p in value_failure.value.problems] == ["$.on: not a real calendar date"]


def test_validators_are_cached() -> None:
    assert validator_for(Contact, "test-contact") is validator_for(Contact, "test-contact")


def test_unsupported_types_are_refused() -> None:
    @attrs.frozen
    class Fixed:
        """Bad.

        Attributes:
            pair: A fixed-length tuple.
        """

        pair: tuple[int, int]

    with pytest.raises(CpaCoreError, match="fixed-length tuples"):
        schema_for(Fixed, "fixed")

    @attrs.frozen
    class Odd:
        """Bad.

        Attributes:
            value: A set of bytes.
        """

        value: bytes

    with pytest.raises(CpaCoreError, match="no JSON Schema mapping"):
        schema_for(Odd, "odd")


def test_export_writes_schemas_draft_07_vectors_and_an_index(tmp_path: Path) -> None:
    written = publish.export(tmp_path / "out", [("test-contact", Contact, "A test record.")])
    names = [p.relative_to(tmp_path / "out").as_posix() for p in written]
    assert names == ["test-contact.schema.json", "draft-07/test-contact.schema.json", "index.json"]
    index = json.loads(written[-1].read_text(encoding="utf-8"))
    assert index["kinds"]["test-contact"]["file"] == "test-contact.schema.json"
    assert index["kinds"]["test-contact"]["draft-07"] == "draft-07/test-contact.schema.json"
    schema = json.loads(written[0].read_text(encoding="utf-8"))
    assert schema["description"] == "A test record."
    assert "examples" not in schema  # the example team has no test contacts


def test_checked_in_schemas_are_current(tmp_path: Path) -> None:
    # Regenerating gives the same files: the schemas, their draft-07 build and the vectors.
    fresh = publish.export(tmp_path, registry.schema_kinds())
    committed = ROOT / "schemas"
    names = sorted(p.relative_to(tmp_path).as_posix() for p in fresh)
    assert sorted(p.relative_to(committed).as_posix() for p in committed.rglob("*.json")) == names
    for path in fresh:
        name = path.relative_to(tmp_path).as_posix()
        assert (committed / name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"schemas/{name} is stale: run `nox -s schemas -- --write`"
        )


def _engines_agree(kind: str, data: Any) -> None:
    from cpa_core import jsondata
    from cpa_core.schemas import fast_schema_errors

    model = registry.record_kind(kind).model
    if jsondata.problems(data, field_names(model)):
        return  # not readable JSON: neither engine sees it
    reference = schema_errors(validator_for(model, kind), data, field_names(model))
    fast = fast_schema_errors(model, kind, data)
    # With an empty key in a refused record, jsonschema-rs's paths are wrong, so it declines.
    assert fast == reference or (fast is None and reference and schemas._has_empty_key(data))


@pytest.mark.usefixtures("test_kinds")
def test_an_empty_key_gets_the_reference_path() -> None:
    data = {**VALID, "tags": {"": "x"}}
    assert schemas.data_problems(Contact, "test-contact", data) == (
        Problem("$.tags.<key 1>", "expected an integer"),
    )


@pytest.mark.parametrize("kind", sorted({k for k, _, _ in FIXTURES}))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
@pytest.mark.usefixtures("test_kinds")
def test_jsonschema_rs_enumerates_the_same_problems(kind: str, data: st.DataObject) -> None:
    # The batch path lists a refused record's problems with jsonschema-rs; the Python
    # jsonschema validator is the reference, word for word.
    example = data.draw(st.sampled_from([d for k, _, d in FIXTURES if k == kind]))
    _engines_agree(kind, data.draw(mutations(example)))
    if kind != "test-contact":
        _engines_agree(kind, data.draw(hostile_record(kind)))


def test_member_descriptions_are_the_docstrings_under_members() -> None:
    from cpa_core.care.models import ReviewKind

    assert schemas.member_descriptions(ReviewKind) == {
        "PLANNED": "A scheduled review.",
        "UNPLANNED": "A review prompted by a change, a crisis or a request.",
    }
    assert schemas.member_descriptions(Severity) == {}  # documented as a whole, not by member


@pytest.mark.parametrize(("kind", "schema"), all_schemas())
def test_every_code_value_is_described(kind: str, schema: dict[str, Any]) -> None:
    # A coded field lists its values as oneOf const + description, so that a reader of the
    # schema in any language learns what each code means.
    for node in walk(schema):
        assert "enum" not in node or all(isinstance(v, str | None) for v in node["enum"])
        for option in node.get("oneOf", ()):
            if "const" in option:
                assert option.get("description"), f"{kind}: document {option['const']!r}"


def _as_enum(node: Any) -> Any:
    """A published schema with each coded field's ``oneOf`` of ``const`` (and ``null``)
    written as the plain ``enum`` of the same values."""
    if isinstance(node, list):
        return [_as_enum(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _as_enum(value) for key, value in node.items()}
    options = out.pop("oneOf", None)
    if options is not None:
        out["enum"] = [o.get("const") for o in options]
        assert all("const" in o or o == {"type": "null"} for o in options)
    return out


@pytest.mark.parametrize("kind", list(registry.record_kinds()))
def test_validators_schema_is_the_published_one_with_codes_as_enums(kind: str) -> None:
    """cpa_core's own validators read coded fields as ``enum`` (faster, and no enum source
    to read): the same values, so the same verdicts, as the published ``oneOf``."""
    spec = registry.record_kind(kind)
    published = schema_for(spec.model, spec.name)
    for_validators = schema_for(spec.model, spec.name, described=False)
    assert _as_enum(published) == for_validators
