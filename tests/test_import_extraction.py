"""How the importer reads the way these reports are written: places, quotes, figures,
subjects, periods and names. Every sentence here is written for the test."""

from datetime import date
from decimal import Decimal

import pytest

from cases.importers import parse_article


def chains(proposal):
    return [place.chain_text for place in proposal.places]


def communities(proposal):
    return {name: kind for p in proposal.places for name, kind in p.communities}


def figure(proposal, value, unit):
    found = [
        m for m in proposal.metrics if m.value == Decimal(value) and m.unit == unit
    ]
    assert len(found) == 1, [(m.value, m.unit, m.quote) for m in proposal.metrics]
    return found[0]


# Places below the county


def test_a_township_may_end_in_xiang():
    proposal = parse_article("安徽省太湖县弥陀乡推行“乡贤调解”，化解纠纷 26件。")
    assert chains(proposal) == ["安徽省 › 安庆市 › 太湖县 › 弥陀乡"]


def test_a_township_named_with_brackets_is_kept_whole():
    proposal = parse_article(
        "宁夏石嘴山市惠农区河滨(东)街道组建“邻里帮帮团”，服务群众 300余人次。"
    )
    assert chains(proposal)[0].endswith("惠农区 › 河滨(东)街道")


def test_a_township_is_trusted_anywhere_once_its_county_is_named():
    text = (
        "浙江省兰溪市推进基层治理。在梅江镇、墩头社区的支持下，志愿者收集诉求 45件。"
        "另据介绍，梅江镇今年建成“共享菜园”12处。"
    )
    proposal = parse_article(text)
    assert chains(proposal) == ["浙江省 › 金华市 › 兰溪市 › 梅江镇"]
    assert communities(proposal) == {"墩头社区": "社区"}
    assert len(proposal.places[0].metrics) == 2


def test_a_township_named_before_its_county_joins_it():
    text = (
        "近日，五里墩街道组建“红色跑腿队”，服务居民 80人次。"
        "据悉，合肥市蜀山区五里墩街道下一步将推广这一做法。"
    )
    assert chains(parse_article(text)) == ["安徽省 › 合肥市 › 蜀山区 › 五里墩街道"]


def test_a_county_written_short_before_its_town_is_read():
    proposal = parse_article("海门临江镇推行“网格连心”，走访农户 900余户。")
    assert chains(proposal) == ["江苏省 › 南通市 › 海门区 › 临江镇"]


def test_a_street_office_written_short_as_jieban_is_a_township():
    proposal = parse_article(
        "湖北省十堰市张湾区车城路街办推行“楼院议事”，化解纠纷 18起。"
    )
    assert chains(proposal) == ["湖北省 › 十堰市 › 张湾区 › 车城路街道"]


def test_communities_villages_and_estates_after_any_punctuation():
    text = (
        "河南省焦作市温县祥云镇推行“乡贤议事会”，收集建议 30条。"
        "其中，北冷村组建了调解队，南张羌村、“敬老”服务走进东王庄村，"
        "锦绣家园小区也设立了议事角。"
    )
    found = communities(parse_article(text))
    assert found == {
        "北冷村": "村",
        "南张羌村": "村",
        "东王庄村": "村",
        "锦绣家园小区": "小区",
    }


def test_an_office_stationed_in_a_town_is_not_a_place():
    text = (
        "广东省茂名市高州市石鼓镇推行“积分换物”，已有 500户参与。"
        "佛山市驻石鼓镇工作队协助整理货架。"
    )
    assert chains(parse_article(text)) == ["广东省 › 茂名市 › 高州市 › 石鼓镇"]


def test_a_district_shared_by_several_cities_follows_the_city_named_short():
    proposal = parse_article("南京鼓楼区宁海路街道推出“邻里议事厅”，议定事项 40件。")
    assert chains(proposal) == ["江苏省 › 南京市 › 鼓楼区 › 宁海路街道"]


# Quotes end at their clause


def test_a_percent_quote_ends_at_its_clause():
    text = "湖北省武汉市江岸区推行“接诉即办”，群众满意率达96%。（通讯员 李明）下一步，"
    rate = figure(parse_article(text), 96, "%")
    assert rate.quote == "群众满意率达96%"
    text = (
        "武汉市江岸区推行“接诉即办”，按时办结率为100%。为了巩固成效，社区将继续努力。"
    )
    assert figure(parse_article(text), 100, "%").quote == "按时办结率为100%"


# Units and things that are not figures


def test_addresses_dates_and_clock_times_are_not_figures():
    text = (
        "2024-03-18 上午9时30分，武汉市江岸区推行“楼栋议事”，"
        "网格员在5号楼3单元、402室门口发现杂物，清理杂物 12处。"
    )
    proposal = parse_article(text)
    assert {(m.value, m.unit) for m in proposal.metrics} == {(Decimal(12), "处")}


def test_residents_and_households_are_counted_nouns():
    text = "武汉市江岸区推行“楼栋议事”，惠及小区1200余住户。"
    assert figure(parse_article(text), 1200, "住户").qualifier == "余"


@pytest.mark.parametrize(
    ("written", "value", "unit"),
    [
        ("辖区面积 36.5平方千米", "36.5", "平方千米"),
        ("辖区面积 12平方公里", "12", "平方公里"),
        ("新建绿地 3.2公顷", "3.2", "公顷"),
    ],
)
def test_areas_in_square_kilometres_and_hectares_are_figures(written, value, unit):
    text = f"甘肃省平凉市崆峒区推行“院落议事”，{written}。"
    assert figure(parse_article(text), value, unit).kind == "area"


def test_tupo_before_a_number_says_more_than():
    text = "武汉市江岸区推行“楼栋议事”，累计收集建议突破200条。"
    assert figure(parse_article(text), 200, "条").qualifier == "超"


def test_a_time_limit_is_its_own_kind():
    text = "武汉市江岸区推行“接诉即办”，要求在3个工作日内回复群众。"
    limit = figure(parse_article(text), 3, "工作日")
    assert limit.kind == "time_limit"


# The subject is the thing counted


def test_the_subject_is_the_thing_counted_not_the_verb():
    text = "武汉市江岸区推行“红色网格”，新建26个小区党支部、318个楼栋党小组。"
    proposal = parse_article(text)
    assert figure(proposal, 26, "个").subject == "小区党支部"
    assert figure(proposal, 318, "个").subject == "楼栋党小组"


def test_adverbs_and_linking_verbs_stay_out_of_the_subject():
    text = "武汉市江岸区推行“接诉即办”，已经答复群众来电412件，回访满意率达95%。"
    proposal = parse_article(text)
    assert figure(proposal, 412, "件").subject == "群众来电"
    assert figure(proposal, 95, "%").subject == "回访满意率"


# Periods


def test_relative_periods_are_resolved_against_the_article_date():
    text = (
        "发布时间：2025-06-30\n武汉市江岸区推行“接诉即办”。今年以来，"
        "社区受理诉求 205件。截至目前，已建成议事点 14个。"
    )
    proposal = parse_article(text)
    assert figure(proposal, 205, "件").period == "2025年以来"
    assert figure(proposal, 14, "个").period == "截至2025年6月"


def test_relative_periods_stay_as_written_without_a_date():
    text = "武汉市江岸区推行“接诉即办”。今年以来，社区受理诉求 205件。"
    assert figure(parse_article(text), 205, "件").period == "今年以来"


def test_a_named_half_year_is_a_period():
    text = "武汉市江岸区推行“接诉即办”，2025年上半年受理诉求 98件。"
    assert figure(parse_article(text), 98, "件").period == "2025年上半年"


def test_a_founding_year_is_not_the_period_of_current_figures():
    text = (
        "武汉市江岸区推行“楼栋管家”。自2016年组建“楼栋管家”队伍以来，"
        "社区将20名队员分到6个网格。"
    )
    proposal = parse_article(text)
    assert figure(proposal, 20, "名").period == ""
    assert figure(proposal, 6, "个").period == ""


# Repeats and derived rates


def test_a_figure_mentioned_twice_is_proposed_once():
    text = (
        "武汉市江岸区推行“红色网格”，划分 52个网格。"
        "各网格员依托52个网格群收集诉求，已收集 300件。"
    )
    proposal = parse_article(text)
    assert [m.value for m in proposal.metrics] == [52, 300]


def test_a_rate_that_disagrees_with_its_parts_is_flagged_never_changed():
    rounded = "武汉市江岸区推行“接诉即办”，受理诉求 200件，办结 193件，办结率达97%。"
    rate = figure(parse_article(rounded), 97, "%")
    assert rate.flag == ""
    wrong = "武汉市江岸区推行“接诉即办”，受理诉求 200件，办结 150件，办结率达97%。"
    rate = figure(parse_article(wrong), 97, "%")
    assert rate.value == 97
    assert "75%" in rate.flag


# Practice names


def test_a_long_name_after_zhili_is_a_practice():
    text = "武汉市江岸区打造基层治理“邻里守望岗”，让社区治理“主心骨”更强，服务 30次。"
    practices = parse_article(text).practices
    assert "邻里守望岗" in practices
    assert "主心骨" not in practices


def test_a_long_named_chain_is_kept():
    chain = "街道党工委——社区党委——小区党支部——楼栋党小组——党员中心户——志愿者"
    text = f"武汉市江岸区构建“{chain}”六级体系，联系群众 800户。"
    assert chain in parse_article(text).practices


def test_a_pair_of_roles_stays_one_name():
    text = "武汉市江岸区让党员当好“民情哨兵”/“服务专员”，走访群众 500户。"
    assert "民情哨兵/服务专员" in parse_article(text).practices


# What the draft reads from the header


@pytest.mark.parametrize(
    ("header", "publication", "published_on", "author"),
    [
        (
            "稿件来源：江城日报\n发布时间：2025-07-10 16:30\n",
            "江城日报",
            date(2025, 7, 10),
            "",
        ),
        ("江城晚报 2024年3月8日 记者 王小明\n", "江城晚报", date(2024, 3, 8), "王小明"),
        (
            "来源：江岸发布 作者：李华 2023-11-02\n",
            "江岸发布",
            date(2023, 11, 2),
            "李华",
        ),
    ],
)
def test_the_byline_gives_publication_date_and_author(
    header, publication, published_on, author
):
    byline = parse_article(
        header + "武汉市江岸区推行“接诉即办”，受理诉求 205件。"
    ).byline
    assert (byline.publication, byline.published_on, byline.author) == (
        publication,
        published_on,
        author,
    )


def test_a_reporter_named_at_the_end_is_the_author():
    text = "武汉市江岸区推行“接诉即办”，受理诉求 205件。（记者 张小华 通讯员 刘强）"
    assert parse_article(text).byline.author == "张小华"
