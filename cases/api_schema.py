"""The JSON API's OpenAPI 3 description, served at /api/schema/.

Written by hand beside the API (cases.api) and kept true by tests/test_api_schema.py,
where Schemathesis sends requests generated from it and validates every answer
against it: a field added to the API without its description here fails that test.
"""

from cases.models import Metric
from cases.search.query import MAX_QUERY_CHARS

NO_NUL = "^[^\\x00]*$"  # a NUL byte in a parameter is refused (400)


def _nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


def _strings() -> dict:
    return {"type": "array", "items": {"type": "string"}}


def _object(properties: dict, optional: tuple[str, ...] = ()) -> dict:
    """An object with exactly these properties, all present but the ``optional``."""
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


SOURCE = _object(
    {
        "title": {"type": "string"},
        "publication": {"type": "string", "description": "刊载媒体；不详时为空"},
        "published_on": _nullable(
            {
                "type": "string",
                "format": "date",
                "description": "发表日期；不详时为 null",
            }
        ),
        "origin": {"type": "string", "description": "原始文件名或网址"},
        "url": {
            "type": "string",
            "format": "uri",
            "description": "本站保存的原文（含被引用的原句）",
        },
    }
)
CASE = _object(
    {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "region": {**_strings(), "description": "地区，从省级起"},
        "communities": _strings(),
        "practices": _strings(),
        "themes": _strings(),
        "summary": {"type": "string"},
        "year": _nullable(
            {
                "type": "integer",
                "description": (
                    "年份：来源文章的发表年份；来源文章都未注明日期时，"
                    "取数据所属的最晚年份；都不详时为 null"
                ),
            }
        ),
        "published_at": _nullable(
            {"type": "string", "format": "date-time", "description": "收录（发布）时间"}
        ),
        "updated_at": {"type": "string", "format": "date-time"},
        "metrics_count": {"type": "integer", "minimum": 0},
        "sources": {"type": "array", "items": {"$ref": "#/components/schemas/Source"}},
        "matched_metrics": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/MatchedMetric"},
            "description": "有数据筛选条件时：本案例符合条件的数据，最符合的在前",
        },
    },
    optional=("matched_metrics",),
)
METRIC = _object(
    {
        "subject": {"type": "string"},
        "kind": {"type": "string", "enum": Metric.Kind.values},
        "value": {
            "type": "number",
            "minimum": 0,
            "description": "整数值写作整数（131），其余写作小数（85.7）",
        },
        "value_max": _nullable({"type": "number", "minimum": 0}),
        "unit": {"type": "string"},
        "qualifier": {"type": "string"},
        "period": {"type": "string", "description": "原文所写的时期，如“今年以来”"},
        "year_from": _nullable({"type": "integer", "description": "时期的起始年份"}),
        "year_to": _nullable({"type": "integer", "description": "时期的截止年份"}),
        "quote": {"type": "string", "description": "来源文章中的原句"},
        "case": _object(
            {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
                "region": _strings(),
            }
        ),
        "source": {"$ref": "#/components/schemas/Source"},
    }
)
# A case's figure that met the figure filter, listed with the case (no "case").
MATCHED_METRIC = _object(
    {name: schema for name, schema in METRIC["properties"].items() if name != "case"}
)
INTERPRETATION = _object(
    {
        "query": {"type": "string", "description": "所搜索的关键词"},
        "terms": {**_strings(), "description": "实际搜索的词"},
        "dropped": {**_strings(), "description": "长句中因没有案例包含而忽略的词"},
        "loosened": {
            "type": "boolean",
            "description": "整句没有结果，改按其中的词搜索",
        },
        "relaxed": {"type": "boolean", "description": "忽略了部分词（dropped 非空）"},
        "unsearchable": {
            "type": "boolean",
            "description": "关键词中没有可检索的文字（汉字、字母或数字），count 为 0",
        },
        "exact_query": _nullable(
            {"type": "string", "description": "放宽搜索时：只搜索完整原文的关键词"}
        ),
        "aliases": {
            "type": "array",
            "description": "按拼音等读作名称的词：原文没有结果时，按其拼写的名称搜索",
            "items": _object(
                {
                    "kind": {"type": "string", "description": "如“拼音”"},
                    "written": {"type": "string", "description": "关键词中的这些词"},
                    "names": {**_strings(), "description": "所匹配并搜索的名称"},
                }
            ),
        },
        "message": {"type": "string", "description": "给读者的说明；无需说明时为空"},
    }
)


def _page_of(item: str, interpreted: bool = False) -> dict:
    link = _nullable({"type": "string", "format": "uri"})
    interpretation = {"$ref": "#/components/schemas/Interpretation"}
    return _object(
        {
            **({"interpretation": interpretation} if interpreted else {}),
            "count": {"type": "integer", "minimum": 0},
            "count_exact": {
                "type": "boolean",
                "description": "搜索只计前 1000 个结果，更多时为 false",
            },
            "next": link,
            "previous": link,
            "results": {
                "type": "array",
                "items": {"$ref": f"#/components/schemas/{item}"},
            },
        },
        optional=("interpretation",),
    )


def _query(name: str, schema: dict, description: str) -> dict:
    """An optional query parameter; given empty (``?sort=``), it counts as not
    given, as the list page's form sends its unused fields."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "allowEmptyValue": True,
        "schema": schema,
        "description": description,
    }


ID = {"type": "integer", "minimum": 1}
FILTERS = [
    _query(
        "q",
        # The exact search of a loosened query is the query in quotes.
        {"type": "string", "maxLength": MAX_QUERY_CHARS + 2, "pattern": NO_NUL},
        "关键词",
    ),
    _query("region", ID, "地区 id（含下级地区）"),
    _query("theme", {"type": "string", "maxLength": 40, "pattern": NO_NUL}, "主题代码"),
    _query("practice", ID, "做法/品牌 id"),
    _query("source", ID, "来源文章 id"),
    _query("year", {"type": "integer", "minimum": 1}, "年份（见案例的 year）"),
    _query("metric_kind", {"type": "string", "enum": Metric.Kind.values}, "数据类别"),
    _query(
        "metric", {"type": "string", "maxLength": 50, "pattern": NO_NUL}, "数据名称包含"
    ),
    _query("metric_min", {"type": "number"}, "同一条数据的数值不低于"),
    _query("metric_max", {"type": "number"}, "同一条数据的数值不高于"),
    _query(
        "sort",
        {"type": "string", "enum": ["relevance", "newest", "region", "year"]},
        "排序",
    ),
    _query("page", ID, "页码"),
    _query(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": 500},
        "每页条数，默认 50",
    ),
]
ERROR = {
    "type": "object",
    "properties": {
        "error": {"type": "string"},
        "details": {"type": "object", "description": "各参数的错误"},
    },
    "required": ["error"],
}


FIGURE_SCOPE = _query(
    "figures",
    {"type": "string", "enum": ["all"]},
    "有数据筛选条件时默认只列符合条件的数据；all 列出所筛选案例的全部数据",
)


def _list_operation(summary: str, item: str, parameters=FILTERS) -> dict:
    json = "application/json"
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": {
                    "description": "一页结果",
                    "content": {
                        json: {"schema": {"$ref": f"#/components/schemas/{item}Page"}}
                    },
                },
                "400": {
                    "description": "参数无效（格式不对，或所指的地区、主题、做法、来源、年份不存在）",
                    "content": {
                        json: {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                },
                "404": {
                    "description": "页码超出范围",
                    "content": {
                        json: {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                },
            },
        }
    }


def openapi_schema() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "治理案例库 JSON 接口",
            "version": "1",
            "description": (
                "只读，只含已发布的内容。筛选参数与案例列表页相同；"
                "有数据筛选条件时，数据（/api/metrics/）只列符合条件的数据，"
                "figures=all 列出所筛选案例的全部数据。"
            ),
        },
        "paths": {
            "/api/cases/": _list_operation("案例", "Case"),
            "/api/metrics/": _list_operation(
                "数据（每条附原文引述与来源）", "Metric", [*FILTERS, FIGURE_SCOPE]
            ),
            "/api/schema/": {
                "get": {
                    "summary": "本说明（OpenAPI 3）",
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3 说明",
                            "content": {
                                "application/json": {"schema": {"type": "object"}}
                            },
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Case": CASE,
                "Metric": METRIC,
                "MatchedMetric": MATCHED_METRIC,
                "Interpretation": INTERPRETATION,
                "Source": SOURCE,
                "CasePage": _page_of("Case", interpreted=True),
                "MetricPage": _page_of("Metric"),
                "Error": ERROR,
            }
        },
    }
