"""X-3: what lists and screen-pops show of personal data."""

import pytest

from customers import masking, phones


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138-1234-5678", "138****5678"),
        ("１３８１２３４５６７８", "138****5678"),
        ("010-69441234", "*******1234"),
        ("110", "***"),
        ("", ""),
    ],
)
def test_x3_phone_masking(raw, masked):
    assert masking.mask_phone(raw) == masked


def test_x3_id_number_masking():
    assert masking.mask_id_number("110101199001011234") == "110***********1234"
    assert masking.mask_id_number("11010119900101123x") == "110***********123X"
    assert masking.mask_id_number("12345") == "*****"


def test_x3_name_and_address_masking():
    assert masking.mask_name("张三") == "张*"
    assert masking.mask_name("欧阳娜娜") == "欧***"
    assert masking.mask_address("顺义区宏城花园3号楼2单元501") == "顺义区宏城花园*号楼*单元***"
    assert masking.mask_address("幸福东区１２号楼") == "幸福东区**号楼"


def test_phone_normalisation_drops_country_prefix_and_punctuation():
    assert phones.normalise("0086 138 1234 5678") == "13812345678"
    assert phones.normalise("(010) 6944-1234") == "01069441234"
