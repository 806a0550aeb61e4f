"""The interface languages Hearth ships, each named in itself: a reader looks for the name of
their own language, not for its name in the language the page happens to be in.

A language is listed here only once its catalogue is complete (`hearth/locale/<code>`); the
catalogue test fails on any string missing. How to add one: docs/development.md."""

LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("pt-br", "Português (Brasil)"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("it", "Italiano"),
    ("nl", "Nederlands"),
    ("pl", "Polski"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("hi", "हिन्दी"),
    ("ja", "日本語"),
    ("zh-hans", "简体中文"),
]
