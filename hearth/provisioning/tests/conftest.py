import pytest

from hearth.people.tests.factories import PersonFactory
from hearth.provisioning import services


@pytest.fixture
def admin(db):
    return PersonFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def token(admin):
    _client, raw = services.client_create(actor=admin, name="Entra ID")
    return raw


@pytest.fixture
def scim(client, token):
    """The Django test client, speaking SCIM as a provisioning client."""

    class Scim:
        headers = {"Authorization": f"Bearer {token}"}

        def _call(self, method, path, body=None, **extra):
            kwargs = {"headers": {**self.headers, **extra.pop("headers", {})}, **extra}
            if body is not None:
                import json

                kwargs["data"] = json.dumps(body)
                kwargs["content_type"] = "application/scim+json"
            return getattr(client, method)(f"/scim/v2/{path.lstrip('/')}", **kwargs)

        def get(self, path, **extra):
            return self._call("get", path, **extra)

        def post(self, path, body, **extra):
            return self._call("post", path, body, **extra)

        def put(self, path, body, **extra):
            return self._call("put", path, body, **extra)

        def patch(self, path, body, **extra):
            return self._call("patch", path, body, **extra)

        def delete(self, path, **extra):
            return self._call("delete", path, **extra)

    return Scim()
