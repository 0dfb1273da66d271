"""Test helpers for the interface language: choose one as a person does, read a page in it (the fixture that
keeps tests apart, `vietnamese_world`, is in the root conftest)."""


def choose(client, language: str, next_url: str = "/"):
    """Choose `language` through Django's set_language view, as the language switch in the header does."""
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302
    return client


def page(client, url: str) -> str:
    """The HTML of a page that must answer 200."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()
