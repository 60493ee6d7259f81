import pytest

from cases.lib.changes import reports_change


@pytest.mark.parametrize(
    ("before", "unit"),
    [
        ("较上年度增长", "%"),
        ("议事协商办结率较上年度增长", "%"),
        ("街道召开各类会议同比减少", "%"),
        ("社区工作者、专职网格员薪酬分别增长", "%"),
        ("比中央要求高出", "%"),
        ("环比提高", "个百分点"),
        ("营业额增长了", "倍"),
    ],
)
def test_a_difference_from_another_time_or_standard_is_a_change(before, unit):
    assert reports_change(before, unit) is True


@pytest.mark.parametrize(
    ("before", "unit"),
    [
        ("2024年街道“大工委”议事协商办结率", "%"),
        ("调解满意率高达", "%"),
        ("群众满意率提高至", "%"),
        ("新增停车位增加", "个"),
        ("目前已收集居民诉求", "个"),
    ],
)
def test_a_level_is_not_a_change(before, unit):
    assert reports_change(before, unit) is False
