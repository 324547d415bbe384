"""Vietnamese folding and collation, checked against hand-ordered names."""

from chibo.core.text import fold, name_sort_key, normalize_name


def test_fold_removes_diacritics_and_case() -> None:
    assert fold("Nguyễn Văn  ĐỨC") == "nguyen van duc"
    assert fold("Trần Thị Ánh Tuyết") == "tran thi anh tuyet"


def test_fold_handles_decomposed_input() -> None:
    decomposed = "Nguye\u0302\u0303n"  # as some keyboards send it
    assert fold(decomposed) == "nguyen"
    assert normalize_name(decomposed) == "Nguyễn"


def test_names_sort_by_given_name_then_the_rest() -> None:
    expected = [
        "Lê Thị An",
        "Trần An",  # same given name: family name decides (L < T)
        "Nguyễn Văn Anh",
        "Trần Văn Ánh",  # same letters as Anh: the tone (sắc) comes after no tone
        "Phạm Đức Ân",  # â comes after every a…
        "Hoàng Văn Ấn",
        "Đỗ Văn Bình",
        "Bùi Văn Dũng",
        "Hoàng Đức",  # đ after d
        "Lê Văn Ý",
    ]
    shuffled = list(reversed(expected))
    assert sorted(shuffled, key=name_sort_key) == expected


def test_tones_order_none_grave_hook_tilde_acute_dot() -> None:
    names = ["Lê Bạ", "Lê Bá", "Lê Bã", "Lê Bả", "Lê Bà", "Lê Ba"]
    assert sorted(names, key=name_sort_key) == list(reversed(names))
