"""The main paths in a real Chromium: write every kind of post, comment, react, answer and accept,
vote, mention with the typeahead, search, and follow."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hearth.conftest import OUTPUT_DIR, sign_in
from hearth.conversations import services
from hearth.conversations.models import Post
from hearth.conversations.tests.factories import make_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write(page, kind: str, fields: dict[str, str], button: str = "Publish") -> None:
    page.goto(f"/posts/new/?kind={kind}")
    for label, value in fields.items():
        page.get_by_label(re.compile("^" + re.escape(label))).fill(value)
    page.get_by_role("button", name=button).click()
    page.wait_for_url(re.compile(r"/posts/\d+/$"))


def test_write_every_kind_of_post(page, company, places):
    sign_in(page, "ana@tellall.example")
    write(page, "update", {"Message": "Fiber is live in Porto #fiber"})
    expect(page.locator(".prose")).to_contain_text("Fiber is live in Porto")
    expect(page.get_by_role("link", name="#fiber").first).to_be_visible()
    write(page, "article", {"Title": "Our 5G journey", "Message": "It started in 2019. " * 60})
    expect(page.get_by_role("heading", level=1)).to_have_text("Our 5G journey")
    expect(page.get_by_text("minutes read")).to_be_visible()
    write(page, "poll", {"Question": "Where should we meet?", "Options": "Lisbon\nMadrid\nLondon"})
    expect(page.get_by_label("Madrid")).to_be_visible()
    write(page, "praise", {"Thank": "maria", "What are you thanking them for?": "Saving the demo"})
    expect(page.locator(".praise")).to_contain_text("Maria Lopez")
    write(page, "idea", {"Title": "Quiet Fridays", "Describe the idea": "No meetings on Friday"})
    expect(page.get_by_role("button", name=re.compile("Vote up"))).to_be_disabled()  # own idea
    page.goto("/posts/new/?kind=question")
    page.get_by_label("Your question").fill("How do I reset the router?")
    page.get_by_label("Details").fill("The lights blink red.")
    page.get_by_role("button", name="Ask").click()
    page.wait_for_url(re.compile(r"/posts/\d+/$"))
    expect(page.get_by_text("Unanswered")).to_be_visible()
    assert sorted(Post.objects.values_list("kind", flat=True)) == sorted(
        ["update", "article", "poll", "praise", "idea", "question"]
    )
    page.goto("/")
    expect(page.locator(".post")).to_have_count(6)
    page.screenshot(path=OUTPUT_DIR / "home-feed.png", full_page=True)


def test_deleting_a_comment_asks_first(page, company):
    post = make_post(company.manager, None, body="Lunch at noon?")
    services.comment_create(actor=company.member, post=post, body="Count me in")
    sign_in(page, "ana@tellall.example")
    page.goto(post.get_absolute_url())
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator(".comment").get_by_role("button", name="Delete").click()
    expect(page.locator(".comment")).to_contain_text("Count me in")
    assert asked == ["Delete this comment?"]
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".comment").get_by_role("button", name="Delete").click()
    expect(page.get_by_text("Count me in")).to_have_count(0)


def test_an_announcement_by_a_community_leader(page, company, places):
    sign_in(page, "maria@tellall.example")
    page.goto(f"/communities/{places.open.slug}/")
    page.get_by_role("link", name="Announce", exact=True).click()
    page.get_by_label("Title").fill("Maintenance window")
    page.get_by_label("Message").fill("Saturday 02:00-04:00 UTC.")
    page.get_by_label("Ask members to acknowledge they have read it").check()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/posts/\d+/$"))
    expect(page.get_by_text("Seen by 0 of 2 members")).to_be_visible()


def test_ask_answer_accept_and_react(page, browser, live_server, company):
    question = make_post(company.member, None, kind="question", title="Which VPN client?", body="?")
    sign_in(page, "maria@tellall.example")
    page.goto(question.get_absolute_url())
    page.get_by_label("Your comment").fill("Use the **corporate** client.")
    page.get_by_role("button", name="Answer").click()
    expect(page.locator(".comment strong")).to_have_text("corporate")
    page.get_by_role("button", name=re.compile("Insightful")).click()
    expect(page.locator(".reaction-mine")).to_contain_text("1")
    # The asker, in another browser, accepts the answer.
    context = browser.new_context(base_url=live_server.url)
    asker = context.new_page()
    sign_in(asker, "ana@tellall.example")
    asker.goto(question.get_absolute_url())
    expect(asker.locator(".ack")).to_have_text("Acknowledged")
    asker.get_by_role("button", name="Accept this answer").click()
    expect(asker.get_by_text("Accepted answer")).to_be_visible()
    expect(asker.locator(".status-ok", has_text="Answered").first).to_be_visible()
    asker.locator(".comment summary", has_text="Reply").click()
    asker.get_by_label("Your reply").fill("Thanks @maria!")
    asker.locator(".comment").get_by_role("button", name="Reply").click()
    expect(asker.locator(".replies .mention")).to_have_text("@maria")
    context.close()


def test_vote_in_a_poll_and_vote_up_an_idea(page, company):
    poll = make_post(
        company.manager,
        None,
        kind="poll",
        body="Coffee or tea?",
        poll=services.PollIn(options=["Coffee", "Tea"]),
    )
    idea = make_post(company.manager, None, kind="idea", title="Standing desks", body="For all")
    sign_in(page, "ana@tellall.example")
    page.goto(poll.get_absolute_url())
    expect(page.get_by_text("Vote to see the results.")).to_be_visible()
    page.get_by_label("Tea").check()
    page.get_by_role("button", name="Vote", exact=True).click()
    expect(page.locator(".poll-results")).to_contain_text("100% (1)")
    expect(page.get_by_label("Coffee")).to_be_hidden()  # the ballot folds away
    page.get_by_text("Change my vote").click()
    page.get_by_label("Coffee").check()
    page.get_by_role("button", name="Save my new vote").click()
    expect(page.locator(".poll-results li.mine")).to_contain_text("Coffee")
    page.goto(idea.get_absolute_url())
    page.get_by_role("button", name=re.compile("Vote up")).click()
    expect(page.locator(".idea-vote .count")).to_have_text("1")


def test_mention_a_colleague_with_the_typeahead(page, company):
    sign_in(page, "ana@tellall.example")
    page.goto("/posts/new/")
    box = page.get_by_label("Message")
    box.press_sequentially("Great work @mar")
    page.get_by_role("option", name=re.compile("Maria Lopez")).click()
    expect(box).to_have_value("Great work @maria ")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".prose .mention")).to_have_text("@maria")


def test_search_with_the_typeahead_and_the_results_page(page, company, places):
    make_post(
        company.manager,
        places.open,
        kind="question",
        title="Printer on floor 3 is jammed",
        body="Since Monday",
    )
    sign_in(page, "ana@tellall.example")
    page.get_by_role("searchbox", name="Search").fill("printer")
    suggestion = page.locator("#suggest").get_by_role(
        "option", name=re.compile("Printer on floor 3")
    )
    expect(suggestion).to_be_visible()
    page.locator("#suggest").get_by_role("option", name=re.compile("All results")).click()
    page.wait_for_url("**/search/?q=printer")
    expect(page.locator(".hit-post")).to_contain_text("Printer on floor 3 is jammed")
    page.get_by_label("Search for").fill("monday")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator(".hit-post mark").first).to_have_text("Monday")
    expect(page.get_by_label("Questions")).to_be_hidden()  # folded away until asked for
    page.get_by_text("More filters").click()
    page.get_by_label("Questions").select_option("yes")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("Nothing matches")).to_be_visible()
    # A filter set keeps the fold open and says how many are set.
    expect(page.get_by_label("Questions")).to_have_value("yes")
    expect(page.locator(".more-filters summary")).to_have_text("More filters 1 set")


def test_follow_a_colleague_and_see_their_posts_at_home(page, company):
    make_post(company.colleague, None, body="Hola from Madrid")
    sign_in(page, "ana@tellall.example")
    expect(page.get_by_text("Hola from Madrid")).to_have_count(0)
    page.goto("/people/carlos/")
    page.get_by_role("button", name="Follow", exact=True).click()
    expect(page.get_by_role("button", name="Following")).to_be_visible()
    page.goto("/")
    expect(page.get_by_text("Hola from Madrid")).to_be_visible()


def test_join_a_community_and_post_in_it(page, company, places):
    sign_in(page, "admin@tellall.example")  # Manoj, not yet a member
    page.goto("/communities/")
    page.get_by_role("link", name="Network Ops").click()
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text("Welcome to Network Ops.")).to_be_visible()
    page.get_by_role("link", name="Post here").click()
    page.get_by_label("Message").fill("Hello network people")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/posts/\d+/$"))
    page.goto(f"/communities/{places.open.slug}/")
    expect(page.get_by_text("Hello network people")).to_be_visible()
