"""Markdown becomes safe HTML: no script or handler survives, links are marked, mentions link."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from hearth.conversations.models import Mention
from hearth.core.models import Event

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src='javascript:alert(1)'></iframe>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<body onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "[x](vbscript:msgbox(1))",
    "<object data=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    "[x](&#106;avascript:alert(1))",
]

ALLOWED_TAGS = {
    "a",
    "p",
    "br",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


class _Audit(HTMLParser):
    """Collect what a browser would execute: scripts, handlers, script URLs, unknown tags."""

    def __init__(self, *, allowed_tags=None):
        super().__init__()
        self.allowed_tags = allowed_tags
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        if self.allowed_tags is not None and tag not in self.allowed_tags:
            self.problems.append(f"tag {tag}")
        if tag == "script":
            self.in_script = True
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"handler {name}")
            if name in ("href", "src", "action", "data", "formaction") and value:
                # As a browser reads it (WHATWG URL): control characters and whitespace go,
                # and only letters, digits, "+", "-" and "." before the first colon make a
                # scheme; anything else there ("%5Bx%5D(javascript:...") is a relative path.
                url = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                scheme = re.match(r"([a-z][a-z0-9+.-]*):", url)
                if scheme and scheme.group(1) not in ("http", "https", "mailto"):
                    self.problems.append(f"{name}={value}")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and "alert" in data:
            self.problems.append("script alert")


def problems(html: str, *, allowed_tags=None) -> list[str]:
    audit = _Audit(allowed_tags=allowed_tags)
    audit.feed(html)
    return audit.problems


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_in_posts_comments_or_pages(api, member_client, company, payload):
    post = post_json(api, "/api/v1/posts", {"title": payload[:200], "body": payload}).json()
    assert problems(post["html"], allowed_tags=ALLOWED_TAGS) == [], post["html"]
    comment = post_json(api, f"/api/v1/posts/{post['id']}/comments", {"body": payload}).json()
    assert problems(comment["html"], allowed_tags=ALLOWED_TAGS) == [], comment["html"]
    page = member_client.get(f"/posts/{post['id']}/").content.decode()
    assert problems(page) == []
    assert problems(member_client.get("/").content.decode()) == []


def test_links_are_nofollow_noopener(api, company):
    post = post_json(api, "/api/v1/posts", {"body": "See [docs](https://example.com/a)"}).json()
    assert 'href="https://example.com/a"' in post["html"]
    assert 'rel="noopener noreferrer nofollow"' in post["html"]


def test_code_blocks_are_kept_and_escaped(api, company):
    body = "```\nif a < b: print('<b>')\n```"
    post = post_json(api, "/api/v1/posts", {"body": body}).json()
    assert "<pre><code>if a &lt; b: print('&lt;b&gt;')" in post["html"]


def test_mentions_link_known_people_and_record_the_mention(api, company):
    post = post_json(
        api, "/api/v1/posts", {"body": "Thanks @maria and @nobody, see `@carlos` in code"}
    ).json()
    assert '<a class="mention" href="/people/maria/">@maria</a>' in post["html"]
    assert "@nobody" in post["html"] and 'href="/people/nobody/"' not in post["html"]
    assert 'href="/people/carlos/"' not in post["html"]
    assert list(Mention.objects.values_list("person__username", flat=True)) == ["maria"]
    event = Event.objects.get(verb="mention.created")
    assert event.metadata["person"] == company.manager.pk


def test_editing_does_not_mention_the_same_person_twice(api, company):
    post = post_json(api, "/api/v1/posts", {"body": "Hi @maria"}).json()
    api.patch(
        f"/api/v1/posts/{post['id']}",
        json.dumps({"body": "Hi @maria and @carlos"}),
        content_type="application/json",
    )
    assert sorted(Mention.objects.values_list("person__username", flat=True)) == ["carlos", "maria"]


def test_topics_become_links_and_are_not_taken_from_code_or_entities(api, company):
    post = post_json(
        api, "/api/v1/posts", {"body": "On #Fiber and #5g, not `#code` nor &#39; or issue #12"}
    ).json()
    assert post["topics"] == ["fiber"]
    assert '<a class="topic" href="/topics/fiber/">#Fiber</a>' in post["html"]


def test_leaders_mention_a_whole_community_a_few_times_a_day(api_as, company, places, settings):
    settings.HEARTH_COMMUNITY_MENTIONS_PER_DAY = 2
    leader = api_as(company.manager)
    slug = places.open.slug
    for n in range(2):
        response = post_json(leader, "/api/v1/posts", {"body": f"@{slug} meeting {n}"})
        assert response.status_code == 201
        assert (
            f'class="mention mention-community" href="/communities/{slug}/"'
            in response.json()["html"]
        )
    assert Event.objects.filter(verb="community.mentioned").count() == 2
    third = post_json(leader, "/api/v1/posts", {"body": f"@{slug} once more"})
    assert third.status_code == 429
    assert int(third["Retry-After"]) > 0
    assert "2 times a day" in third.json()["detail"]
    assert Event.objects.filter(verb="community.mentioned").count() == 2


def test_a_member_mentioning_a_community_links_it_but_alerts_no_one(api, company, places):
    post = post_json(api, "/api/v1/posts", {"body": f"See @{places.open.slug}"}).json()
    assert "mention-community" in post["html"]
    assert not Event.objects.filter(verb="community.mentioned").exists()


def test_secret_communities_are_never_linked_from_a_mention(api_as, company, places):
    owner = api_as(company.ceo)
    post = post_json(owner, "/api/v1/posts", {"body": f"Hi @{places.secret.slug}"}).json()
    assert "/communities/merger-room/" not in post["html"]
