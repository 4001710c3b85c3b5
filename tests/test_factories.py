"""The test factories' own promises."""

from tests.factories import PlainName, UserFactory


def test_generated_staff_names_carry_no_apostrophe() -> None:
    """Pages show names HTML-escaped: a generated "D'Hondt" would not be found as typed."""
    user = UserFactory.build(last_name=PlainName("numerify", text="D'#"))
    assert user.last_name[:1] == "D"
    assert "'" not in user.last_name
    assert len(user.last_name) == 2
