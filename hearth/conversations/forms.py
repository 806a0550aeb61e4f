"""The composer and comment forms; the services do the real validation."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hearth.core.rules import limit
from hearth.core.web import DateTimeLocal

from .models import Comment, Poll, Post, Reaction
from .services import MAX_PIN_DAYS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


# Which composer fields each kind of post shows.
KIND_FIELDS: dict[str, set[str]] = {
    Post.Kind.UPDATE: {"attachments", "anonymous"},
    Post.Kind.QUESTION: {"title", "attachments", "anonymous"},
    Post.Kind.ARTICLE: {"title", "cover", "publish_at", "attachments"},
    Post.Kind.POLL: {"options", "multiple", "closes_at", "results", "anonymous"},
    Post.Kind.ANNOUNCEMENT: {"title", "pinned_until", "requires_ack", "attachments"},
    Post.Kind.PRAISE: {"praised", "praised_team", "praise_value"},
    Post.Kind.IDEA: {"title", "attachments", "anonymous"},
}
KIND_HELP: dict[str, Any] = {
    Post.Kind.UPDATE: _("Share news, a thought or a link with colleagues."),
    Post.Kind.QUESTION: _("Ask; answers come as comments and you mark the one that helped."),
    Post.Kind.ARTICLE: _("A longer piece with a title; save it as a draft or schedule it."),
    Post.Kind.POLL: _("Ask colleagues to choose between 2 and 20 options."),
    Post.Kind.ANNOUNCEMENT: _("Official news for the community, pinned and tracked."),
    Post.Kind.PRAISE: _("Thank a colleague or a team for something they did."),
    Post.Kind.IDEA: _("Propose something; colleagues vote it up."),
}
BODY_LABELS: dict[str, Any] = {
    Post.Kind.QUESTION: _("Details (optional)"),
    Post.Kind.POLL: _("Question"),
    Post.Kind.PRAISE: _("What are you thanking them for?"),
    Post.Kind.IDEA: _("Describe the idea"),
}


class ComposerForm(forms.Form):
    kind = forms.ChoiceField(choices=Post.Kind.choices, widget=forms.HiddenInput)
    community = forms.ChoiceField(label=_("Post in"), required=False)
    title = forms.CharField(label=_("Title"), required=False, max_length=limit(Post, "title"))
    body = forms.CharField(
        label=_("Message"),
        max_length=limit(Post, "body"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Markdown: **bold**, _italic_, lists, `code`, links. @name mentions a "
            "colleague; #topic tags a topic."
        ),
    )
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One option per line, 2 to 20."),
    )
    multiple = forms.BooleanField(label=_("People may choose several options"), required=False)
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        required=False,
        widget=DateTimeLocal(),
        help_text=_("Optional; in your time zone."),
    )
    results = forms.ChoiceField(
        label=_("Show results"),
        choices=Poll.Results.choices,
        initial=Poll.Results.AFTER_VOTE,
        required=False,
    )
    praised = forms.CharField(
        label=_("Thank"),
        required=False,
        max_length=1000,
        help_text=_("Usernames, separated by commas (type @ to find people)."),
    )
    praised_team = forms.ChoiceField(label=_("Or thank a team (community)"), required=False)
    praise_value = forms.ChoiceField(label=_("Company value"), required=False)
    pinned_until = forms.DateTimeField(
        label=_("Pin until"),
        required=False,
        widget=DateTimeLocal(),
        help_text=format_lazy(
            _("Keeps it on top of feeds until then (at most {days} days)."), days=MAX_PIN_DAYS
        ),
    )
    requires_ack = forms.BooleanField(
        label=_("Ask members to acknowledge they have read it"), required=False
    )
    cover = forms.FileField(label=_("Cover image"), required=False)
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=DateTimeLocal(),
        help_text=_("Leave empty to publish now."),
    )
    attachments = MultipleFileField(label=_("Files"), required=False)
    anonymous = forms.BooleanField(
        label=_("Post as “Anonymous colleague”"),
        required=False,
        help_text=_(
            "Only in communities that allow it. Nobody, administrators included, can "
            "see that you wrote it; only two administrators together can reveal it, in a "
            "serious case, and you would be told. It appears after a short delay and "
            "takes no files."
        ),
    )

    def __init__(self, *args: Any, kind: str, communities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.post_kind = kind
        choices = [("", _("My profile"))] + [(c.slug, c.name) for c in communities]
        self._choices("community", choices)
        self._choices("praised_team", [("", "—")] + [(c.slug, c.name) for c in communities])
        self._choices(
            "praise_value", [("", "—")] + [(v, v) for v in settings.HEARTH_COMPANY_VALUES]
        )
        self.fields["body"].label = BODY_LABELS.get(kind, self.fields["body"].label)
        if kind == Post.Kind.ARTICLE:
            self.fields["title"].required = True
        if kind == Post.Kind.QUESTION:
            # The question is required; its details are optional.
            self.fields["title"].required = True
            self.fields["title"].label = _("Your question")
            self.fields["body"].required = False
        shown = KIND_FIELDS[kind] | {"kind", "community", "body"}
        if not any(c.allow_anonymous for c in communities):
            shown = shown - {"anonymous"}
        self.shown = [self[name] for name in self.fields if name in shown and name != "kind"]
        for name in list(self.fields):
            if name not in shown:
                del self.fields[name]
        self.fields["body"].widget.attrs.update({"data-mentions": "", "maxlength": 20_000})

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    @property
    def help(self) -> str:
        return str(KIND_HELP[self.post_kind])


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=limit(Comment, "body"),
        widget=forms.Textarea(attrs={"rows": 3, "data-mentions": ""}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditForm(forms.Form):
    title = forms.CharField(label=_("Title"), required=False, max_length=limit(Post, "title"))
    body = forms.CharField(
        label=_("Message"),
        max_length=limit(Post, "body"),
        widget=forms.Textarea(attrs={"rows": 8, "data-mentions": ""}),
    )


REACTIONS = [(kind, label) for kind, label in Reaction.Kind.choices]
# Each reaction's icon (heroicons), drawn beside its label.
REACTION_ICONS = {
    "like": "hand-thumb-up",
    "celebrate": "sparkles",
    "insightful": "light-bulb",
    "support": "heart",
    "thanks": "face-smile",
}
