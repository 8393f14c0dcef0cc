"""Reference lists shared by every app: the alliance's countries and the languages we record."""

from django.utils.translation import gettext_lazy as _

#: Countries of the alliance's member societies (ISO 3166-1 alpha-2).
COUNTRY_CHOICES = [
    ("AU", _("Australia")),
    ("BE", _("Belgium")),
    ("CA", _("Canada")),
    ("DK", _("Denmark")),
    ("DE", _("Germany")),
    ("IT", _("Italy")),
    ("NL", _("Netherlands")),
    ("ES", _("Spain")),
    ("GB", _("United Kingdom")),
    ("US", _("United States")),
]

#: Languages clients may ask for and staff may speak (ISO 639-1, plus sign languages).
LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("es", _("Spanish")),
    ("nl", _("Dutch")),
    ("da", _("Danish")),
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("pl", _("Polish")),
    ("pt", _("Portuguese")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
    ("cy", _("Welsh")),
    ("pa", _("Punjabi")),
    ("ur", _("Urdu")),
    ("so", _("Somali")),
    ("sgn", _("Sign language")),
]
