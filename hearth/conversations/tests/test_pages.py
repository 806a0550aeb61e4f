from hearth.communities.tests.factories import make_places
from hearth.conversations import services as s
from hearth.conversations.tests.factories import make_post


def test_smoke(client, company):
    places = make_places(company)
    ana, maria = company.member, company.manager
    posts = [
        make_post(ana, places.open, body="Hi @maria about #fiber"),
        make_post(
            ana, places.open, kind="question", title="How do I reset the router?", body="Details"
        ),
        make_post(ana, places.open, kind="article", body="Long text " * 100),
        make_post(ana, places.open, kind="poll", body="Lunch?"),
        make_post(maria, places.open, kind="announcement", body="Big news", requires_ack=True),
        make_post(
            ana, None, kind="praise", body="Thanks!", praised=["maria"], praise_value="Own it"
        ),
        make_post(ana, places.private, kind="idea", body="Cut prices"),
    ]
    c = s.comment_create(actor=maria, post=posts[1], body="Try **this**")
    s.comment_create(actor=ana, post=posts[1], body="reply", parent=c)
    s.answer_accept(actor=ana, post=posts[1], comment=c)
    s.reaction_set(actor=maria, post=posts[0], kind="like")
    s.poll_vote(actor=maria, post=posts[3], option_ids=[posts[3].poll.options.first().pk])
    s.idea_vote(actor=maria, post=posts[6])
    client.force_login(ana)
    for url in (
        [
            "/",
            "/discover/",
            "/topics/fiber/",
            "/posts/new/",
            "/posts/new/?kind=poll",
            "/posts/new/?kind=praise",
            "/posts/new/?kind=article",
            "/posts/new/?kind=question",
            "/posts/drafts/",
            "/posts/bookmarks/",
            "/communities/",
            "/communities/new/",
            f"/communities/{places.open.slug}/",
            f"/communities/{places.open.slug}/members/",
            "/search/?q=router",
            "/search/suggest/?q=ro",
            "/people/ana/",
            "/people/ana/activity/",
            "/people/ana/followers/",
            "/posts/similar/?title=reset+router",
            "/feed/new/?since=2020-01-01T00:00:00",
        ]
        + [p.get_absolute_url() for p in posts]
        + [f"/posts/{posts[0].pk}/reactions/", f"/posts/{posts[0].pk}/edit/"]
    ):
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
    for url in [
        "/api/v1/feed",
        "/api/v1/discover",
        "/api/v1/communities",
        f"/api/v1/communities/{places.open.slug}/feed",
        "/api/v1/search?q=router",
        "/api/v1/search?q=ana",
        f"/api/v1/posts/{posts[1].pk}/comments",
        "/api/v1/people/ana/activity",
    ]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.content[:500])
    print(client.get("/api/v1/search?q=router").json())
