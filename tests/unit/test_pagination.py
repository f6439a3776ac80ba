import pytest

from shared.domain.errors import BadRequest
from shared.domain.pagination import PageRequest, paginate


def test_defaults_are_page_one_of_25() -> None:
    assert PageRequest.parse(None, None) == PageRequest(page=1, page_size=25)


def test_pages_slice_and_count_everything() -> None:
    items = list(range(57))
    page = paginate(items, PageRequest.parse("3", "25"))
    assert page.items == list(range(50, 57))
    assert (page.page, page.page_size, page.total) == (3, 25, 57)
    assert paginate(items, PageRequest.parse("4", "25")).items == []


@pytest.mark.parametrize(
    ("page", "size", "field"),
    [
        ("0", None, "page"),
        ("-1", None, "page"),
        ("abc", None, "page"),
        (None, "101", "page_size"),
        (None, "0", "page_size"),
        ("²", None, "page"),
        (None, "1.5", "page_size"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(
    page: str | None, size: str | None, field: str
) -> None:
    with pytest.raises(BadRequest) as caught:
        PageRequest.parse(page, size)
    assert caught.value.code == "INVALID_PARAMETER"
    assert [d.field for d in caught.value.details] == [field]


@pytest.mark.parametrize(
    ("page", "size", "message"),
    [
        ("0", None, "Le numéro de page doit être un nombre entier positif."),
        (None, "abc", "La taille de page doit être un nombre entier positif."),
        (None, "101", "La taille de page ne peut pas dépasser 100."),
    ],
    ids=["page", "page size", "page size too large"],
)
def test_the_message_names_the_parameter_in_french(
    page: str | None, size: str | None, message: str
) -> None:
    with pytest.raises(BadRequest) as caught:
        PageRequest.parse(page, size)
    assert [d.message for d in caught.value.details] == [message]


def test_page_size_of_100_is_allowed() -> None:
    assert PageRequest.parse("1", "100").page_size == 100
