"""Search in every language Hearth reads: a post's language is detected and stored, its words are
found in another form of the same word (stemming), accents do not matter, and Chinese and
Japanese words are found inside text that has no spaces. The same corpus runs on SQLite and on
PostgreSQL (`make test` runs the suite on both)."""

from __future__ import annotations

import pytest

from hearth.conversations.tests.factories import make_post
from hearth.search.models import SearchDocument

# language: (the post, a query with the word in another form, a query that must not match)
CORPUS = {
    "en": (
        "The warehouses in Leeds were reorganised over the weekend by the night shift",
        "warehouse",
        "warehouses gardening",
    ),
    "es": (
        "Las reuniones de ventas en Madrid se celebran cada lunes por la mañana",
        "reunión",
        "reuniones jardinería",
    ),
    "pt": (
        "As entregas da fábrica de Campinas atrasaram por causa da chuva forte",
        "entrega",
        "entregas jardinagem",
    ),
    "fr": (
        "Les livraisons arrivent demain matin à l'entrepôt de Lyon avec les camions",
        "livraison",
        "livraisons jardinage",
    ),
    "de": (
        "Die Abrechnungen der Reisekosten werden ab Januar über das neue Portal eingereicht",
        "Abrechnung",
        "Abrechnungen Gartenarbeit",
    ),
    "it": (
        "Le consegne dei magazzini di Milano sono in ritardo a causa dello sciopero",
        "magazzino",
        "magazzini giardinaggio",
    ),
    "nl": (
        "De leveringen van het magazijn in Rotterdam zijn deze week vertraagd door de storm",
        "levering",
        "leveringen tuinieren",
    ),
    "pl": (
        "Nowe magazyny w Krakowie zostaną otwarte w przyszłym miesiącu dla wszystkich zespołów",
        "magazyn",
        "magazyny ogrodnictwo",
    ),
    "tr": (
        "Yeni depolarımız İzmir ve Ankara şehirlerinde gelecek ay açılacak ve çok büyük olacak",
        "depolar",
        "depolarımız bahçecilik",
    ),
    "ar": (
        "سيتم افتتاح المستودعات الجديدة في دبي والرياض الشهر المقبل لجميع الفرق",
        "المستودعات",
        "المستودعات البستنة",
    ),
    "hi": (
        "नए गोदामों की प्रणाली अगले महीने से सभी टीमों के लिए शुरू होगी",
        "गोदामों",
        "गोदामों बागवानी",
    ),
    "ja": ("新しい倉庫のシステムについて来月から全員に説明会を行います", "倉庫", "倉庫 園芸"),
    "zh": ("我们的新仓库系统已经上线了，请大家下周开始使用", "仓库", "仓库 园艺"),
}


def ids(client, q: str) -> list[int]:
    response = client.get("/api/v1/search", {"q": q, "type": "post"})
    assert response.status_code == 200, response.content
    return [hit["object"]["id"] for hit in response.json()["items"]]


@pytest.fixture
def corpus(company):
    return {code: make_post(company.vp, None, body=entry[0]) for code, entry in CORPUS.items()}


def test_each_posts_language_is_detected_and_stored(corpus):
    stored = dict(SearchDocument.objects.filter(kind="post").values_list("post_id", "language"))
    assert {code: stored[post.pk] for code, post in corpus.items()} == {c: c for c in CORPUS}


@pytest.mark.parametrize("code", list(CORPUS))
def test_a_word_is_found_in_every_language(api, corpus, code):
    _text, query, missing = CORPUS[code]
    assert ids(api, query) == [corpus[code].pk], query
    assert ids(api, missing) == []  # every word must match, and the second is nowhere


def test_other_forms_and_accents_find_the_same_post(api, corpus):
    assert ids(api, "reunion") == [corpus["es"].pk]  # no accent typed
    assert ids(api, "livraison lyon") == [corpus["fr"].pk]
    assert ids(api, "ABRECHNUNGEN") == [corpus["de"].pk]
    assert ids(api, "entrepot") == [corpus["fr"].pk]


def test_chinese_and_japanese_words_are_found_inside_text(api, corpus):
    assert ids(api, "系统") == [corpus["zh"].pk]  # in the middle of a sentence with no spaces
    assert ids(api, "仓库系统") == [corpus["zh"].pk]
    assert ids(api, "システム") == [corpus["ja"].pk]
    assert sorted(ids(api, "新")) == sorted([corpus["ja"].pk, corpus["zh"].pk])  # one character
    assert ids(api, "库仓") == []  # the same characters in another order are another word


def test_snippets_mark_the_words_found_in_any_script(api, corpus):
    def snippet(q: str) -> str:
        response = api.get("/api/v1/search", {"q": q, "type": "post"})
        return response.json()["items"][0]["snippet"]

    assert "<mark>reuniones</mark>" in snippet("reunión")
    assert "<mark>仓库</mark>" in snippet("仓库")
    assert "<mark>गोदामों</mark>" in snippet("गोदामों")
    assert "<mark>Abrechnungen</mark>" in snippet("abrechnung")


def test_the_last_word_matches_as_typed_in_any_script(api, corpus):
    assert ids(api, "abrechnungen reisek") == [corpus["de"].pk]
    assert ids(api, "गोदा") == [corpus["hi"].pk]
