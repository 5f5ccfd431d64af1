import pytest

from accounts.services import ensure_verified_user


@pytest.fixture
def editor_client(client, settings):
    """A test client signed in as an editor (who runs the events)."""
    settings.STAFF_MFA_REQUIRED = False
    editor = ensure_verified_user(
        "redaktoer@example.dk", "x-Adgangskode-9876", is_staff=True, groups=["Redaktører"]
    )
    client.force_login(editor)
    client.editor = editor
    return client
