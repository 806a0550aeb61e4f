"""What happens under posts: comment threads, reactions, poll votes and idea votes."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from hearth.conversations.models import (
    Comment,
    IdeaVote,
    Poll,
    PollOption,
    PollVote,
    Post,
    Reaction,
)
from hearth.core.bulk import insert_rows, update_rows
from hearth.recognition.points import MIN_TEXT

from .base import Plan, PlannedComment
from .words import (
    AUTHOR_FIRST,
    AUTHOR_REPLIES,
    BATCH,
    COMMENT_FIELDS,
    COMMENTS,
    REACTIONS,
    REPLIES,
)


class Threads(Plan):
    """Comments, reactions, polls and ideas for a chunk of posts."""

    def _comments(self, posts: list[Any]) -> int:
        r = self.random
        rows: list[PlannedComment] = []
        by_post: dict[int, list[PlannedComment]] = {}
        pool_sets, expert_pools = self.pool_sets, self.expert_pools  # kept across chunks
        for post in posts:
            community = post.plan["community"]
            pool = community.members if community else self.ids
            count = min(40, int(r.expovariate(1 / 2.5)))  # about 2 replies per post
            if post.kind == "question":
                count = max(count, 1 if r.random() < 0.8 else 0)
            last, thread = post.created_at, list[Any]()
            topic = post.plan.get("topic")
            experts = []
            if topic and post.kind == "question":
                key = community.pk if community else None
                if key not in pool_sets:
                    pool_sets[key] = set(pool)
                if (topic, key) not in expert_pools:  # kept: `_author` caches by the list
                    expert_pools[(topic, key)] = sorted(self.experts[topic] & pool_sets[key])
                experts = expert_pools[(topic, key)]
            answered = 0  # a question's answers, each a different one
            for index in range(count):
                author = self._author(pool)
                if index == 0 and post.kind == "question" and experts and r.random() < 0.7:
                    author = self._author(experts)  # the active experts answer most
                if index == 0 and author == post.author_id:
                    author = self._author(pool)  # someone else usually speaks first
                last = self._when(after=last)
                parent_index = r.randrange(index) if index and r.random() < 0.3 else None
                parent = thread[parent_index] if parent_index is not None else None
                body = self._say(post, author, parent, thread, answered)
                if post.kind == "question" and author != post.author_id and parent is None:
                    answered += 1
                comment = PlannedComment(
                    next(self.comment_ids),
                    post.pk,
                    parent and (parent.parent_id or parent.pk),
                    author,
                    body,
                    self._render(body),
                    last,
                )
                thread.append(comment)
                rows.append(comment)
            by_post[post.pk] = thread
        insert_rows(
            Comment,
            COMMENT_FIELDS,
            (
                (c.pk, c.post_id, c.parent_id, c.author_id, c.body, c.html, c.created_at)
                for c in rows
            ),
        )
        for post in posts:
            thread = by_post.get(post.pk, [])
            post.comment_count = len(thread)
            if thread:
                post.last_activity_at = max(c.created_at for c in thread)
                others = [c.created_at for c in thread if c.author_id != post.author_id]
                post.acknowledged_at = min(others) if others else None
                if post.kind == "question" and r.random() < 0.6:
                    answers = [
                        c for c in thread if c.author_id != post.author_id and c.parent_id is None
                    ]
                    post.accepted_comment_id = answers[0].pk if answers else None
            for comment in thread:
                event = self._event(
                    comment.author_id,
                    "comment.created",
                    "conversations.comment",
                    comment.pk,
                    comment.created_at,
                    post.community_id,
                    post_author=post.author_id,
                    kind=post.kind,
                )
                if comment.author_id != post.author_id and len(comment.body.strip()) >= MIN_TEXT:
                    top = comment.parent_id is None
                    code = "answer" if post.kind == "question" and top else "comment"
                    self._award(
                        event, comment.author_id, code, f"comment:{comment.pk}", post.community_id
                    )
            if post.accepted_comment_id:
                answer = next(c for c in thread if c.pk == post.accepted_comment_id)
                event = self._event(
                    post.author_id,
                    "answer.accepted",
                    "conversations.comment",
                    answer.pk,
                    self._when(after=answer.created_at),
                    post.community_id,
                    target=("conversations.post", post.pk),
                    answerer=answer.author_id,
                )
                self._award(
                    event,
                    answer.author_id,
                    "accepted_answer",
                    f"comment:{answer.pk}",
                    post.community_id,
                )
        self.threads = by_post
        return len(rows)

    def _say(self, post: Any, author: int, parent: Any, thread: list[Any], answered: int) -> str:
        """What this person says here: an answer that answers the question, a comment that
        fits the kind of post, a reply to a reply, or the author thanking or adding context."""
        r, words = self.random, post.plan["words"]
        group = "question" if post.kind == "question" else "other"
        if author == post.author_id:
            others = any(c.author_id != author for c in thread)
            return self._fill(r.choice((AUTHOR_REPLIES if others else AUTHOR_FIRST)[group]), words)
        if parent is not None:
            return self._fill(r.choice(REPLIES), words)
        if post.plan["answers"]:
            answers = post.plan["answers"]
            return self._fill(answers[(post.pk + answered) % len(answers)], words)
        return self._fill(r.choice(COMMENTS.get(post.kind, COMMENTS["update"])), words)

    def _reactions(self, posts: list[Any]) -> int:
        r = self.random
        rows = []
        for post in posts:
            community = post.plan["community"]
            pool = community.members if community else self.ids
            count = min(len(pool), int(r.expovariate(1 / 16.0)))  # about 6 a post, deduplicated
            # Reading and reacting is less skewed than writing: a flatter weight.
            weights = self._cumulative(pool, 0.8)
            people = {
                p for p in r.choices(pool, cum_weights=weights, k=count) if p != post.author_id
            }
            counts: dict[str, int] = defaultdict(int)
            for pid in people:
                kind = r.choice(REACTIONS)
                when = self._when(after=post.created_at)
                rows.append((post.pk, pid, kind, when))
                counts[kind] += 1
                if post.acknowledged_at is None or when < post.acknowledged_at:
                    post.acknowledged_at = when
                event = self._event(
                    pid,
                    "reaction.set",
                    "conversations.post",
                    post.pk,
                    when,
                    post.community_id,
                    kind=kind,
                    previous=None,
                    post_author=post.author_id,
                )
                source = f"reaction:{post.pk}:{pid}"
                self._award(
                    event,
                    post.author_id,
                    "reaction_received",
                    source,
                    post.community_id,
                    reactor_id=pid,
                )
            order = ("like", "celebrate", "insightful", "support", "thanks")
            post.reaction_counts = {k: counts[k] for k in order if k in counts}
        insert_rows(Reaction, ["post", "person", "kind", "created_at"], rows)
        fields = [
            "comment_count",
            "last_activity_at",
            "acknowledged_at",
            "accepted_comment",
            "reaction_counts",
        ]
        update_rows(
            Post,
            fields,
            [
                (
                    p.pk,
                    p.comment_count,
                    p.last_activity_at,
                    p.acknowledged_at,
                    p.accepted_comment_id,
                    p.reaction_counts,
                )
                for p in posts
            ],
        )
        return len(rows)

    def _polls_and_ideas(self, posts: list[Any]) -> None:
        r = self.random
        polls = [Poll(post_id=p.pk, multiple=r.random() < 0.3) for p in posts if p.kind == "poll"]
        Poll.objects.bulk_create(polls, batch_size=BATCH)
        options = []
        planned = {p.pk: p.plan["options"] for p in posts if p.kind == "poll"}
        for poll in polls:
            for position, label in enumerate(planned[poll.post_id]):
                options.append(PollOption(poll_id=poll.pk, label=label, position=position))
        PollOption.objects.bulk_create(options, batch_size=BATCH)
        by_poll = defaultdict(list)
        for option in options:
            by_poll[option.poll_id].append(option)
        votes = []
        posts_by_id = {p.pk: p for p in posts}
        for poll in polls:
            post = posts_by_id[poll.post_id]
            pool = post.plan["community"].members if post.plan["community"] else self.ids
            voters = r.sample(pool, k=min(len(pool), int(r.expovariate(1 / 8.0))))
            for pid in voters:
                option = r.choice(by_poll[poll.pk])
                option.vote_count += 1
                votes.append(
                    PollVote(
                        poll_id=poll.pk,
                        option_id=option.pk,
                        person_id=pid,
                        created_at=self._when(after=post.created_at),
                    )
                )
            poll.voter_count = len(voters)
        PollVote.objects.bulk_create(votes, batch_size=BATCH)
        update_rows(PollOption, ["vote_count"], [(o.pk, o.vote_count) for o in options])
        update_rows(Poll, ["voter_count"], [(p.pk, p.voter_count) for p in polls])
        ideas, idea_votes = [], []
        for post in posts:
            if post.kind != "idea":
                continue
            pool = post.plan["community"].members if post.plan["community"] else self.ids
            backers = {
                p
                for p in r.sample(pool, k=min(len(pool), int(r.expovariate(1 / 5.0))))
                if p != post.author_id
            }
            for pid in backers:
                when = self._when(after=post.created_at)
                idea_votes.append(IdeaVote(post_id=post.pk, person_id=pid, created_at=when))
            post.vote_count = len(backers)
            ideas.append(post)
        IdeaVote.objects.bulk_create(idea_votes, batch_size=BATCH)
        update_rows(Post, ["vote_count"], [(p.pk, p.vote_count) for p in ideas])
