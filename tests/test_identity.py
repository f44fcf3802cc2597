"""Who published a list: name, level, title, edition and 文号 from the lines real lists print.

The table holds the shapes portals and documents of many departments and levels use: plain
titles, titles with an edition or a count, breadcrumbs, labelled lines (名称：… 文号：…), notices
that publish a list, file names, headings of a county-wide catalogue.
"""

from __future__ import annotations

import pytest

from generator.content.places import admin_level, department
from generator.importers.identity import agency_name, clean, identify

# line -> (name, level, title, edition, document_number)
TITLES = [
    ("盘山县民政局权责清单", ("盘山县民政局", "县级", "盘山县民政局权责清单", None, None)),
    ("省市场监管局权力清单", ("省市场监管局", "省级", "省市场监管局权力清单", None, None)),
    ("市市场监督管理局行政处罚事项清单", ("市市场监督管理局", "市级", "市市场监督管理局行政处罚事项清单", None, None)),
    ("辽宁省市场监督管理局权责清单（2023年版）",
     ("辽宁省市场监督管理局", "省级", "辽宁省市场监督管理局权责清单（2023年版）", "2023年版", None)),
    ("广州市市场监督管理局行政处罚事项清单", ("广州市市场监督管理局", "市级", "广州市市场监督管理局行政处罚事项清单", None, None)),
    ("首页 > 政务公开 > 权责清单 > 桐乡市应急管理局行政权力事项清单",
     ("桐乡市应急管理局", "市级", "桐乡市应急管理局行政权力事项清单", None, None)),
    ("您当前的位置：首页>信息公开>部门信息>县卫生健康委员会权责清单",
     ("县卫生健康委员会", "县级", "县卫生健康委员会权责清单", None, None)),
    ("名称：北京市西城区新街口街道办事处权责清单 文号：西政发〔2023〕5号 发布日期：2023-05-06",
     ("北京市西城区新街口街道办事处", "乡级", "北京市西城区新街口街道办事处权责清单", None, "西政发〔2023〕5号")),
    ("附件1：2024_瑞安市卫生健康局_权力清单(2024年版).xlsx",
     ("瑞安市卫生健康局", "市级", "瑞安市卫生健康局权力清单(2024年版)", "2024年版", None)),
    ("内蒙古自治区医疗保障行政执法事项清单",
     ("内蒙古自治区医疗保障局", "省级", "内蒙古自治区医疗保障行政执法事项清单", None, None)),
    ("西夏区医疗保障局行政职权事项", ("西夏区医疗保障局", "县级", "西夏区医疗保障局行政职权事项", None, None)),
    ("惠农区医疗保障局行政权力和责任清单（共 15 项）",
     ("惠农区医疗保障局", "县级", "惠农区医疗保障局行政权力和责任清单（共 15 项）", None, None)),
    ("行政执法事项目录清单", (None, None, "行政执法事项目录清单", None, None)),
    ("盘山县权责清单（民政局）", ("盘山县民政局", "县级", "盘山县权责清单（民政局）", None, None)),
    ("某某县人民政府关于公布县应急管理局权责清单的通知",
     ("某某县应急管理局", "县级", "某某县人民政府关于公布县应急管理局权责清单的通知", None, None)),
    ("盘锦市人民政府关于印发市场监督管理局权责清单的通知",
     ("盘锦市市场监督管理局", "市级", "盘锦市人民政府关于印发市场监督管理局权责清单的通知", None, None)),
    ("2023年度沈阳市和平区住房和城乡建设局权责清单",
     ("沈阳市和平区住房和城乡建设局", "县级", "2023年度沈阳市和平区住房和城乡建设局权责清单", "2023年度", None)),
    ("上海市浦东新区城市管理行政执法局权责清单（沿用2023年本）",
     ("上海市浦东新区城市管理行政执法局", "县级", "上海市浦东新区城市管理行政执法局权责清单（沿用2023年本）", "沿用2023年本",
      None)),
    ("浙江省嘉兴市桐乡市交通运输局权力清单", ("浙江省嘉兴市桐乡市交通运输局", "县级", "浙江省嘉兴市桐乡市交通运输局权力清单", None, None)),
    ("黔东南苗族侗族自治州生态环境局行政权力清单",
     ("黔东南苗族侗族自治州生态环境局", "市级", "黔东南苗族侗族自治州生态环境局行政权力清单", None, None)),
    ("一、县民政局（共 25 项）", ("县民政局", "县级", "一、县民政局（共 25 项）", None, None)),
    ("郑州市金水区教育局权责清单", ("郑州市金水区教育局", "县级", "郑州市金水区教育局权责清单", None, None)),
    ("重庆市巫山县林业局行政权力事项目录", ("重庆市巫山县林业局", "县级", "重庆市巫山县林业局行政权力事项目录", None, None)),
    ("北京市民政局权力清单", ("北京市民政局", "省级", "北京市民政局权力清单", None, None)),
    ("天津市应急管理局权责清单（2024年版）", ("天津市应急管理局", "省级", "天津市应急管理局权责清单（2024年版）", "2024年版", None)),
    ("阿勒泰地区自然资源局权责清单", ("阿勒泰地区自然资源局", "市级", "阿勒泰地区自然资源局权责清单", None, None)),
    ("锡林郭勒盟医疗保障局权责清单", ("锡林郭勒盟医疗保障局", "市级", "锡林郭勒盟医疗保障局权责清单", None, None)),
    ("阿拉善左旗农牧局权责清单", ("阿拉善左旗农牧局", "县级", "阿拉善左旗农牧局权责清单", None, None)),
    ("乐清市虹桥镇人民政府权责清单", ("乐清市虹桥镇人民政府", "乡级", "乐清市虹桥镇人民政府权责清单", None, None)),
    ("北京市朝阳区朝阳门街道办事处权力清单",
     ("北京市朝阳区朝阳门街道办事处", "乡级", "北京市朝阳区朝阳门街道办事处权力清单", None, None)),
    ("某某乡人民政府权责清单", ("某某乡人民政府", "乡级", "某某乡人民政府权责清单", None, None)),
    ("湖北省市场监督管理局（湖北省知识产权局）权责清单",
     ("湖北省市场监督管理局", "省级", "湖北省市场监督管理局（湖北省知识产权局）权责清单", None, None)),
    ("某某县发展和改革局（某某县粮食和物资储备局）行政权力清单",
     ("某某县发展和改革局", "县级", "某某县发展和改革局（某某县粮食和物资储备局）行政权力清单", None, None)),
    ("辽宁省应急管理行政处罚事项清单", ("辽宁省应急管理厅", "省级", "辽宁省应急管理行政处罚事项清单", None, None)),
    ("江西省应急管理厅权责清单", ("江西省应急管理厅", "省级", "江西省应急管理厅权责清单", None, None)),
    ("宁夏回族自治区民政厅行政权力清单", ("宁夏回族自治区民政厅", "省级", "宁夏回族自治区民政厅行政权力清单", None, None)),
    ("镇江市文化广电和旅游局权力清单", ("镇江市文化广电和旅游局", "市级", "镇江市文化广电和旅游局权力清单", None, None)),
    ("某某市公安局交通警察支队行政执法事项清单",
     ("某某市公安局交通警察支队", "市级", "某某市公安局交通警察支队行政执法事项清单", None, None)),
    ("某某县消防救援大队权责清单", ("某某县消防救援大队", "县级", "某某县消防救援大队权责清单", None, None)),
    ("某某县疾病预防控制中心权责清单", ("某某县疾病预防控制中心", "县级", "某某县疾病预防控制中心权责清单", None, None)),
    ("某某区市场监督管理局某某市场监督管理所权责清单",
     ("某某区市场监督管理局某某市场监督管理所", "县级", "某某区市场监督管理局某某市场监督管理所权责清单", None, None)),
    ("某某市动物卫生监督所行政处罚事项清单", ("某某市动物卫生监督所", "市级", "某某市动物卫生监督所行政处罚事项清单", None, None)),
    ("某某县人民政府办公室权责清单", ("某某县人民政府办公室", "县级", "某某县人民政府办公室权责清单", None, None)),
    ("某某市卫生健康委员会行政职权事项目录（2022年修订）",
     ("某某市卫生健康委员会", "市级", "某某市卫生健康委员会行政职权事项目录（2022年修订）", "2022年修订", None)),
    ("某某市档案馆权责清单", ("某某市档案馆", "市级", "某某市档案馆权责清单", None, None)),
    ("某某县住房公积金管理中心权力清单", ("某某县住房公积金管理中心", "县级", "某某县住房公积金管理中心权力清单", None, None)),
    ("某某县农业技术推广站公共服务事项清单", ("某某县农业技术推广站", "县级", "某某县农业技术推广站公共服务事项清单", None, None)),
    ("某某县城乡建设局责任清单", ("某某县城乡建设局", "县级", "某某县城乡建设局责任清单", None, None)),
    ("某某县乡村振兴局权责清单", ("某某县乡村振兴局", "县级", "某某县乡村振兴局权责清单", None, None)),
    ("某某县权责清单", (None, "县级", "某某县权责清单", None, None)),
    ("某某市市场监督管理局权责清单 某市监发〔2024〕3号",
     ("某某市市场监督管理局", "市级", "某某市市场监督管理局权责清单", None, "某市监发〔2024〕3号")),
    ("某某市城市管理局权责清单（2023年12月）", ("某某市城市管理局", "市级", "某某市城市管理局权责清单", None, None)),
    ("D:/清单/某某县教育局权责清单.docx", ("某某县教育局", "县级", "某某县教育局权责清单", None, None)),
    ("某某县審計局權責清單", ("某某县審計局", "县级", "某某县審計局權責清單", None, None)),
]


@pytest.mark.parametrize(("line", "expected"), TITLES, ids=[line for line, _ in TITLES])
def test_the_publisher_of_a_list_from_one_line(line, expected):
    found = identify([line])
    assert (found.name, found.level, found.title, found.edition, found.document_number) == expected


def test_the_table_holds_many_departments_and_every_level():
    assert len(TITLES) >= 40
    assert {level for _, (_, level, *_) in TITLES} == {"省级", "市级", "县级", "乡级", None}
    assert len({department(name) for _, (name, *_) in TITLES if name}) >= 30


@pytest.mark.parametrize(("line", "aliases"), [
    ("湖北省市场监督管理局（湖北省知识产权局）权责清单", ["湖北省知识产权局"]),
    ("某某县发展和改革局（某某县粮食和物资储备局）行政权力清单", ["某某县粮食和物资储备局"]),
    ("某某市市场监督管理局(知识产权局)权责清单", ["知识产权局"]),
    ("盘山县民政局权责清单（2023年版）", []),
    ("惠农区医疗保障局行政权力和责任清单（共 15 项）", []),
])
def test_a_second_name_in_brackets_is_an_alias(line, aliases):
    assert identify([line]).aliases == aliases


@pytest.mark.parametrize(("text", "level"), [
    ("宁夏回族自治区银川市西夏区", "县级"),
    ("河南省平顶山市宝丰县", "县级"),
    ("山西省大同市", "市级"),
    ("内蒙古自治区", "省级"),
    ("北京市", "省级"),
    ("北京市西城区", "县级"),
    ("重庆市巫山县", "县级"),
    ("浙江省温州市乐清市", "县级"),
    ("浙江省温州市乐清市虹桥镇", "乡级"),
    ("辽宁省盘锦市盘山县", "县级"),
    ("省市场监管局", "省级"),
    ("市场监管局", None),
    ("民政局", None),
    ("", None),
])
def test_the_level_comes_from_place_words_not_from_the_department(text, level):
    assert admin_level(text) == level


def test_the_first_line_that_names_an_agency_wins_and_a_breadcrumb_is_no_title():
    found = identify(["您当前的位置：首页>政务公开>权责清单", "盘山县民政局权责清单", "发布日期：2024-03-01"])
    assert (found.name, found.title) == ("盘山县民政局", "盘山县民政局权责清单")


def test_a_name_from_the_bodies_when_the_title_names_none():
    found = identify(["行政执法事项目录清单"], bodies=["大同市医疗保障局", "大同市医疗保障局\n各县医保局", "各级医疗保障部门"])
    assert (found.name, found.level) == ("大同市医疗保障局", "市级")


def test_the_region_gives_the_level_when_the_name_has_no_place():
    assert identify(["民政局权责清单"], region="辽宁省盘锦市盘山县").level == "县级"
    assert identify(["民政局权责清单"]).level is None


def test_clean_keeps_the_title_as_printed_and_sets_apart_edition_and_document_number():
    line = clean("名称：某某县应急管理局权责清单（2024年版） 索引号：0012/2024-001 文号：某应急发〔2024〕7号")
    assert (line.title, line.edition, line.document_number) == ("某某县应急管理局权责清单（2024年版）", "2024年版",
                                                                "某应急发〔2024〕7号")


def test_agency_name_of_a_body_or_a_title():
    assert agency_name("大同市医疗保障局") == "大同市医疗保障局"
    assert agency_name("各级医疗保障行政部门") is None
    assert agency_name("首页 > 政务公开 > 权责清单") is None


def test_marks_before_a_name_are_not_part_of_it():
    for title in ("=测试市医疗保障局权责清单", "*测试市医疗保障局权责清单", "1.测试市医疗保障局权责清单"):
        found = identify([title])
        assert (found.name, found.level) == ("测试市医疗保障局", "市级"), title
