"""The words of a synthetic government: its statute registry, article texts, power names and duties.

    registry(province, seed)        -> every statute the departments cite, by title
    article_text(statute, number)   -> the text of one article (the same every time it is asked)
    power_name(category, dept, rng) -> a name of the shape the lists use (对……的处罚, ……许可)
    responsibilities(category, ...) -> the responsibility steps (责任事项) of a power

Titles of national statutes are real; every article text is generated from templates and is no
statute's wording. Everything is drawn from `random.Random` seeded with strings, so the same seed
gives the same words.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass

from generator.content.numerals import int_to_cn
from generator.content.registry import slug

from .government_data import COMMON_LAWS, DEPARTMENTS, Department

#: How many articles a statute of each level has (fewest, most).
ARTICLES = {"法律": (60, 150), "行政法规": (40, 100), "部门规章": (25, 60), "地方性法规": (30, 70),
            "地方政府规章": (20, 50), "规范性文件": (8, 25)}


@dataclass(frozen=True)
class Statute:
    """A statute of the registry, as the lists cite it."""

    id: str
    title: str
    level: str
    issuer: str
    version: str
    """The version note the lists print after the title, e.g. （2021年修正）."""
    document_number: str
    articles: int
    topic: str
    """The field its generated articles are about (the first department citing it)."""
    seed: str

    @property
    def short(self) -> str:
        """The title without 中华人民共和国, as many lists print it."""
        return self.title.removeprefix("中华人民共和国")


def _local(province: str, dept: Department) -> list[tuple[str, str, str]]:
    """Statutes of the province and departmental documents of `dept`'s field (generated titles)."""
    return [
        (f"{province}{dept.topic}条例", "地方性法规", f"{province}人民代表大会常务委员会"),
        (f"{province}{dept.topic}管理办法", "地方政府规章", f"{province}人民政府"),
        (f"{dept.topic}监督管理办法", "部门规章", f"国务院{dept.topic}主管部门"),
        (f"关于进一步加强{dept.topic}工作的通知", "规范性文件", f"{province}人民政府办公厅"),
        (f"{province}{dept.topic}行政处罚裁量基准", "规范性文件", f"{province}{dept.province}"),
    ]


def _version(level: str, issuer: str, rng: random.Random) -> tuple[str, str]:
    """The version note and document number of a statute of `level`."""
    year, number = rng.randint(1995, 2023), rng.randint(1, 800)
    if level == "法律":
        return f"（{year}年修正）", f"中华人民共和国主席令第{rng.randint(1, 130)}号"
    if level == "行政法规":
        return f"（{year}年国务院令第{number}号）", f"国务院令第{number}号"
    if level in ("部门规章", "地方政府规章"):
        return f"（{year}年{issuer}令第{number % 120 + 1}号）", f"{issuer}令第{number % 120 + 1}号"
    if level == "地方性法规":
        return f"（{year}年{issuer}公告第{number % 90 + 1}号）", f"{issuer}公告第{number % 90 + 1}号"
    return f"（{issuer[:2]}发〔{year}〕{number % 60 + 1}号）", f"{issuer[:2]}发〔{year}〕{number % 60 + 1}号"


def registry(province: str, seed: int) -> dict[str, list[Statute]]:
    """Department key (and "common") -> the statutes it cites, national ones first; a statute two
    departments cite is one Statute."""
    by_title: dict[str, Statute] = {}
    taken: set[str] = set()

    def statute(title: str, level: str, issuer: str, topic: str) -> Statute:
        if title not in by_title:
            rng = random.Random(f"quanze-statute-{seed}-{title}")
            version, number = _version(level, issuer, rng)
            sid = _unique(slug(title), taken)
            by_title[title] = Statute(sid, title, level, issuer, version, number,
                                      rng.randint(*ARTICLES[level]), topic, f"{seed}-{sid}")
        return by_title[title]

    cited = {"common": [statute(*law, "行政执法") for law in COMMON_LAWS]}
    for dept in DEPARTMENTS:
        cited[dept.key] = [statute(*law, dept.topic) for law in (*dept.laws, *_local(province, dept))]
    return cited


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


# --- article texts ---------------------------------------------------------------------------

_ITEMS = ("未依法取得许可擅自从事相关活动", "伪造、变造、出租、出借、转让许可证件", "以欺骗、贿赂等不正当手段取得许可",
          "未按照规定建立并执行管理制度", "拒绝、阻碍监督检查或者不如实提供有关资料", "未按照规定报送有关信息和数据",
          "未按照规定保存原始记录和凭证", "超出许可范围从事相关活动", "未按照规定公示有关信息",
          "使用不符合国家标准或者行业标准的设备、材料", "未按照规定开展培训和考核", "隐瞒、谎报或者拖延不报有关情况",
          "擅自变更许可事项", "未按照规定进行检验检测", "未落实安全防护措施", "未按照规定期限改正")
_PENALTIES = ("处一千元以上一万元以下罚款", "处五千元以上五万元以下罚款", "处一万元以上十万元以下罚款",
              "没收违法所得，并处违法所得一倍以上三倍以下罚款", "处二万元以上二十万元以下罚款",
              "处五十万元以上一百万元以下罚款")
_SEVERE = ("责令停产停业整顿", "吊销许可证件", "由原发证机关吊销许可证", "五年内不得从事相关活动",
           "对直接负责的主管人员和其他直接责任人员处一万元以上五万元以下罚款")


def _kind(title: str) -> str:
    """What a statute calls itself in its own text: 本法, 本条例, 本办法 ..."""
    for ending in ("条例", "办法", "规定", "通知", "基准", "细则"):
        if title.endswith(ending) or title.rstrip("）（试行").endswith(ending):
            return ending
    return "法"


@functools.lru_cache(maxsize=65536)
def article_text(statute: Statute, number: int) -> str:
    """The generated text of article `number` of `statute`: the duty articles first, the rules in
    the middle, the liability articles last; about a third of them list items （一）……."""
    rng = random.Random(f"quanze-article-{statute.seed}-{number}")
    topic = statute.topic
    authority = f"县级以上地方人民政府{topic}主管部门"
    kind = _kind(statute.title)
    share = number / statute.articles
    if share < 0.15:
        return (f"{authority}负责本行政区域内{topic}的监督管理工作，组织实施本{kind}。"
                f"县级以上地方人民政府其他有关部门在各自职责范围内，负责与{topic}有关的工作。")
    items = rng.sample(_ITEMS, k=rng.randint(4, 12)) if rng.random() < 0.35 else []
    if share < 0.65:
        head = (f"从事与{topic}有关活动的单位和个人，应当遵守本{kind}和有关法律、法规的规定，"
                f"依法向{authority}申请办理有关手续")
        if not items:
            return head + f"；{authority}应当自受理申请之日起二十个工作日内作出决定。"
        lines = [f"（{int_to_cn(n + 1)}）不得{item}；" for n, item in enumerate(items)]
        lines[-1] = lines[-1].rstrip("；") + "。"
        return "\n".join([head + "，并遵守下列规定：", *lines])
    penalty, severe = rng.choice(_PENALTIES), rng.choice(_SEVERE)
    if not items:
        return (f"违反本{kind}第{int_to_cn(rng.randint(2, max(2, number - 1)))}条规定，{rng.choice(_ITEMS)}的，"
                f"由{authority}责令改正，给予警告，{penalty}；情节严重的，{severe}。")
    lines = [f"（{int_to_cn(n + 1)}）{item}的；" for n, item in enumerate(items)]
    lines[-1] = lines[-1].rstrip("；") + "。"
    tail = "前款规定的违法行为，法律、行政法规另有规定的，从其规定。"
    return "\n".join([f"有下列行为之一的，由{authority}责令限期改正，{penalty}；逾期不改正的，{severe}：",
                      *lines, tail])


def article_range(statute: Statute, category: str) -> tuple[int, int]:
    """The articles a power of `category` cites: the liability chapter for penalties and coercion,
    the rules for the rest."""
    last = statute.articles
    if category in ("行政处罚", "行政强制"):
        return max(1, int(last * 0.65)), last
    return max(1, int(last * 0.15)), max(1, int(last * 0.65) - 1)


def reference(number: int, paragraph: int | None) -> str:
    """第八十七条, or 第八十七条第一款."""
    ref = f"第{int_to_cn(number)}条"
    return ref + (f"第{int_to_cn(paragraph)}款" if paragraph else "")


# --- power names -----------------------------------------------------------------------------

_VIOLATIONS = ("未取得许可擅自从事{thing}活动", "伪造、变造、出租、出借{thing}许可证件", "以欺骗等不正当手段取得{thing}许可",
               "未按规定建立{thing}管理制度", "拒绝、阻碍{topic}监督检查", "未按规定报送{thing}有关资料",
               "未按规定保存{thing}记录", "超出许可范围从事{thing}活动", "未按规定公示{thing}信息",
               "擅自变更{thing}许可事项", "未按规定开展{thing}自查", "隐瞒、谎报{thing}有关情况",
               "未按规定进行{thing}检验检测", "未落实{thing}安全防护措施", "未按规定配备{thing}专业人员",
               "违反{thing}技术规范", "未按规定办理{thing}变更手续", "未按规定履行{thing}报告义务",
               "拒不执行{topic}整改决定", "未按规定设置{thing}警示标志", "未按规定处置{thing}废弃物")
_TEMPLATES: dict[str, tuple[str, ...]] = {
    "行政许可": ("{thing}许可", "{thing}审批", "{thing}核准", "{thing}许可证核发", "{subject}{thing}资格审批",
             "{thing}设立审批", "{thing}经营许可", "{thing}项目审批", "{subject}{thing}许可"),
    "行政处罚": ("对{subject}{violation}的处罚", "对{violation}的处罚"),
    "行政强制": ("对{subject}{thing}有关场所、设施、财物的查封、扣押", "对{thing}违法行为的强制拆除",
             "{thing}违法所得的冻结", "对{subject}逾期不缴纳罚款的加处罚款", "对{thing}有关物品的先行登记保存",
             "对{subject}{thing}设施的代履行"),
    "行政征收": ("{thing}有关费用征收", "{thing}保证金收取", "{thing}补偿费征收"),
    "行政给付": ("{subject}{thing}补助发放", "{thing}补贴发放", "{subject}{thing}救助金给付", "{thing}待遇给付"),
    "行政检查": ("对{subject}{thing}活动的监督检查", "{thing}监督检查", "{thing}随机抽查", "{thing}专项检查",
             "对{subject}执行{topic}法律法规情况的检查", "{thing}质量抽查"),
    "行政确认": ("{thing}登记", "{subject}{thing}资格认定", "{thing}等级评定", "{thing}证明出具", "{thing}鉴定"),
    "行政奖励": ("对{topic}工作中作出显著成绩的单位和个人的表彰奖励", "对举报{thing}违法行为的奖励",
             "对{subject}{thing}先进典型的奖励"),
    "行政裁决": ("{thing}争议的裁决", "{thing}权属纠纷的裁决"),
    "其他": ("{thing}备案", "{thing}信息公开", "{thing}统计调查", "{topic}规划编制", "{thing}投诉举报处理",
           "{subject}{thing}年度报告公示", "{thing}突发事件应急处置", "{subject}{thing}培训指导", "{thing}审核转报",
           "{thing}初审", "{subject}{thing}信用评价", "{thing}标准制定"),
}
SUB_ITEMS: dict[str, tuple[str, ...]] = {
    "行政许可": ("新办", "变更", "延续", "注销", "补办", "增项"),
    "行政确认": ("首次登记", "变更登记", "注销登记", "补发证明"),
    "行政给付": ("申请", "调整", "停发"),
}


def power_name(category: str, dept: Department, rng: random.Random) -> str:
    """One name of `category` from `dept`'s words (names repeat; the caller keeps them unique)."""
    template = rng.choice(_TEMPLATES[category])
    thing = rng.choice(dept.things)
    violation = rng.choice(_VIOLATIONS).format(thing=thing, topic=dept.topic)
    return template.format(subject=rng.choice(dept.subjects), thing=thing, topic=dept.topic, violation=violation)


def sub_item_names(category: str, dept: Department, count: int, rng: random.Random) -> list[str]:
    """`count` different sub-item (子项) names for a main item of `category`."""
    fixed = SUB_ITEMS.get(category)
    if fixed and count <= len(fixed):
        return rng.sample(fixed, k=count)
    names: list[str] = []
    while len(names) < count:
        name = f"对{rng.choice(dept.subjects)}" + rng.choice(_VIOLATIONS).format(
            thing=rng.choice(dept.things), topic=dept.topic) + "的" + ("处罚" if category == "行政处罚" else "处理")
        if name not in names:
            names.append(name)
    return names


# --- responsibilities ------------------------------------------------------------------------

_STEPS: dict[str, tuple[tuple[str, str], ...]] = {
    "penalty": (
        ("立案责任", "通过投诉、举报、监督检查、上级交办或者其他部门移送等途径发现涉嫌{topic}违法行为，"
                 "对符合立案条件的，应当在规定期限内予以立案；对不予立案的，告知理由。"),
        ("调查责任", "对立案的案件，指定两名以上执法人员调查，收集、调取证据，询问当事人、利害关系人和证人，"
                 "依法进行现场检查、抽样取证，制作笔录；与当事人有直接利害关系的，应当回避。"),
        ("审查责任", "对案件违法事实、证据、调查取证程序、法律适用、处罚种类和幅度、当事人陈述和申辩理由等进行审查，"
                 "提出处理意见；重大案件经法制审核和集体讨论决定。"),
        ("告知责任", "作出行政处罚决定前，书面告知当事人拟作出的行政处罚内容及事实、理由、依据，"
                 "并告知当事人依法享有的陈述、申辩、要求听证等权利。"),
        ("决定责任", "根据审理情况决定是否予以处罚；依法需要给予处罚的，制作行政处罚决定书，载明违法事实、证据、"
                 "处罚依据和内容、履行方式和期限、救济途径等内容。"),
        ("送达责任", "行政处罚决定书在宣告后当场交付当事人；当事人不在场的，在七日内依照民事诉讼法的有关规定送达。"),
        ("执行责任", "监督当事人在决定的期限内履行处罚决定；当事人逾期不履行的，依法加处罚款或者申请人民法院强制执行。"),
        ("其他责任", "法律法规规章文件规定应履行的其他责任。"),
    ),
    "permit": (
        ("受理责任", "公示依法应当提交的材料；一次性告知补正材料；依法受理或者不予受理，不予受理的应当告知理由。"),
        ("审查责任", "对申请人提交的申请材料进行审查，提出审查意见；需要现场核查的，指派两名以上工作人员进行核查。"),
        ("决定责任", "作出准予许可或者不予许可的决定，不予许可的书面说明理由，并告知申请人享有依法申请行政复议"
                 "或者提起行政诉讼的权利。"),
        ("送达责任", "准予许可的，在规定期限内制发许可证件并送达申请人，信息依法公开。"),
        ("事后监管责任", "建立实施监督检查的运行机制和管理制度，对被许可人从事{topic}活动的情况进行监督检查。"),
        ("其他责任", "法律法规规章文件规定应履行的其他责任。"),
    ),
    "other": (
        ("实施责任", "依照法律法规规定和{topic}工作的要求，制定实施方案，明确标准、条件、程序和时限。"),
        ("审核责任", "对有关材料和情况进行审核，必要时进行实地核查，提出审核意见。"),
        ("决定责任", "依法作出决定并告知当事人，说明理由和救济途径。"),
        ("监管责任", "加强对{topic}有关活动的事中事后监管，依法处理发现的问题，并将结果向社会公开。"),
        ("其他责任", "法律法规规章文件规定应履行的其他责任。"),
    ),
}
ACCOUNTABILITY = (
    "对符合法定条件的申请不予受理、不予许可或者不在法定期限内作出决定的",
    "对不符合法定条件的申请人准予许可或者超越法定职权作出决定的",
    "没有法律或者事实依据实施行政处罚的",
    "擅自改变行政处罚种类、幅度的",
    "违反法定的行政处罚程序的",
    "违反规定委托行政处罚或者未按照规定履行监督职责的",
    "将罚款、没收的违法所得或者财物截留、私分或者变相私分的",
    "使用或者损毁查封、扣押的财物，对当事人造成损失的",
    "利用职务上的便利，索取或者收受他人财物、收缴罚款据为己有的",
    "对应当予以制止和处罚的违法行为不予制止、处罚，致使公民、法人或者其他组织的合法权益、公共利益和社会秩序遭受损害的",
    "在履行职责过程中泄露国家秘密、商业秘密或者个人隐私的",
    "不履行或者不正确履行监督管理职责，造成不良后果的",
    "其他违反法律法规规章文件规定的行为",
)
LIABILITY = ("依照《中华人民共和国公职人员政务处分法》等规定给予处分", "构成犯罪的，依法追究刑事责任",
             "给当事人造成损失的，依法承担赔偿责任")


def responsibilities(category: str, topic: str) -> list[tuple[str, str]]:
    """The responsibility steps of a power of `category`: step, text."""
    kind = "penalty" if category in ("行政处罚", "行政强制") else "permit" if category == "行政许可" else "other"
    return [(step, text.format(topic=topic)) for step, text in _STEPS[kind]]
