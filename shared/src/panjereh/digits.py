"""Digit normalisation: people type Persian (۰-۹) and Arabic-Indic (٠-٩) digits."""

_TO_ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def to_ascii(text: str) -> str:
    """Return `text` with Persian and Arabic-Indic digits replaced by ASCII ones."""
    return text.translate(_TO_ASCII)


def to_persian(text: str) -> str:
    """Return `text` with ASCII digits shown as Persian digits."""
    return text.translate(_TO_PERSIAN)
