"""Emerging themes: contributions grouped by their words, with keywords and examples."""

from __future__ import annotations

from hearth.jams import clustering
from hearth.jams.models import Cluster
from hearth.jams.selectors import clusters_for

from .factories import make_jam
from .test_jams import idea

SUPPORT = [
    "Customers wait too long for support on the phone",
    "Support chat should answer customers at night",
    "Phone support queues make customers angry",
    "A support chatbot could help customers waiting",
    "Customers want support answers faster by chat",
]
ENERGY = [
    "Solar panels on the office roof would cut energy bills",
    "Switch the data centre to renewable energy",
    "Office lights waste energy at night, add sensors",
    "Solar energy for the cell towers in the south",
    "Energy bills of the towers could drop with solar",
]


def test_contributions_fall_into_clusters_named_by_their_keywords(company):
    jam = make_jam(company)
    for i, text in enumerate(SUPPORT + ENERGY):
        idea(jam, company.member if i % 2 else company.colleague, text[:40], body=text)
    clusters = clustering.compute(jam)
    assert len(clusters) >= 2
    keywords = [set(c.keywords) for c in clusters]
    assert any({"support", "customers"} & k for k in keywords)
    assert any({"energy", "solar"} & k for k in keywords)
    assert sum(c.size for c in clusters) == 10
    shown = clusters_for(company.ceo, jam)
    assert all(1 <= len(c.examples) <= 3 for c in shown)


def test_too_few_contributions_give_no_clusters_yet(company):
    jam = make_jam(company)
    idea(jam, company.member, "Only one idea")
    assert clustering.compute(jam) == []
    assert not Cluster.objects.filter(jam=jam).exists()


# Two themes in each language, written with that language's filler words around them.
THEMES_BY_LANGUAGE = {
    "de": ("Die Kunden warten und warten auf den Support", "Die Solarenergie ist für das Dach"),
    "fr": ("Les clients attendent le support et le support", "L'énergie solaire pour les toits"),
    "es": ("Los clientes esperan al soporte y al soporte", "La energía solar para los techos"),
    "pt": ("Os clientes esperam pelo suporte e pelo suporte", "A energia solar para os telhados"),
    "it": ("I clienti aspettano il supporto e il supporto", "L'energia solare per i tetti"),
    "nl": ("De klanten wachten op de support en de support", "De zonne-energie voor de daken"),
    "pl": ("Klienci czekają na wsparcie i na wsparcie", "Energia słoneczna dla dachów"),
    "tr": ("Müşteriler destek için çok bekliyor ve bekliyor", "Güneş enerjisi ve çatılar için"),
    "ar": ("العملاء ينتظرون الدعم في الهاتف من أجل الدعم", "الطاقة الشمسية على الأسطح في المكتب"),
    "hi": ("ग्राहक सहायता के लिए फ़ोन पर इंतज़ार करते हैं", "छत पर सौर ऊर्जा के लिए पैनल"),
    "ja": ("お客様はサポートの電話をずっと待っています", "屋根の上に太陽光のパネルを置きます"),
    "zh": ("客户一直在等待电话支持的回复", "在屋顶上安装太阳能电池板"),
}


def test_no_theme_is_named_by_a_filler_word_of_any_language(company):
    from hearth.core.languages import filler_words

    jam = make_jam(company)
    texts = [text for pair in THEMES_BY_LANGUAGE.values() for text in pair]
    for i, text in enumerate(texts + SUPPORT):
        idea(jam, company.member if i % 2 else company.colleague, text[:40], body=text)
    clusters = clustering.compute(jam)
    keywords = {word for cluster in clusters for word in cluster.keywords}
    assert clusters and keywords
    for code in [*THEMES_BY_LANGUAGE, "en"]:
        assert not keywords & filler_words(code), code
    # Each language's own fillers are known, and meaning words are kept.
    words = clustering.theme_words(" ".join(texts))
    for kept in ("kunden", "solarenergie", "clients", "énergie", "wsparcie", "müşteriler"):
        assert kept in words
    for filler in ("und", "die", "les", "los", "pelo", "il", "op", "na", "ve", "في", "के", "の"):
        assert filler not in words, filler
    assert "太陽" in words and "支持" in words  # Chinese and Japanese words, as pairs
