"""How documents write units: abbreviations, level prefixes and collective phrases. Plain data.

`canonical_name` turns a name as written into the register's canonical form for a plan's
region ("县人社局" -> "县人力资源社会保障局"); `collective_kind` tells whether a phrase names a
group of units ("各县（市）人民政府") and which.
"""

import re

# Abbreviation -> full form, applied to the part of a name after its level prefix (州/县/省).
# Sources: the names the seed documents use side by side for the same department.
ABBREVIATIONS = {
    "人社局": "人力资源社会保障局",
    "人力资源和社会保障局": "人力资源社会保障局",
    "发改委": "发展改革委",
    "发改局": "发展改革局",
    "住建局": "住房城乡建设局",
    "住房和城乡建设局": "住房城乡建设局",
    "交运局": "交通运输局",
    "卫健局": "卫生健康局",
    "卫健委": "卫生健康委",
    "市监局": "市场监管局",
    "市场监督管理局": "市场监管局",
    "民宗局": "民族宗教事务局",
    "民宗委": "民族宗教事务委员会",
    "工信局": "工业和信息化局",
    "退役军人局": "退役军人事务局",
    "文旅局": "文体广电旅游局",
    "投促局": "投资促进局",
    "投促中心": "投资促进中心",
    "医保局": "医疗保障局",
    "应急局": "应急管理局",
    "教科局": "教育科技局",
}

# The same body written differently in different documents or clauses, after the
# abbreviations above. Each pair was checked against the documents: the leading group of 001
# lists "人行册亨支行" and its measures say "人民银行册亨支行" and "人行册亨县支行"; 001 writes
# its townships both "各乡(镇、街道)" and "各乡镇〈街道〉人民政府〈办事处〉"; 000 names the
# prefecture's banking regulator "黔东南银保监分局" and, once, "黔东南州银保监局".
EQUIVALENTS = {
    "人民银行册亨支行": "人行册亨支行",
    "人行册亨县支行": "人行册亨支行",
    "各乡（镇、街道）": "各乡镇（街道）人民政府（办事处）",
    "黔东南州银保监局": "黔东南银保监分局",
}

# Prefixes by which a document names its own level of government.
LEVEL_PREFIXES = {"province": "省", "prefecture": "州", "county": "县"}

# Collective phrases. "counties": every county-level government of the plan's prefecture;
# "prefectures": every prefecture-level government of the province; "collective": a group
# whose members are not loaded, kept as one unit.
_COUNTIES = re.compile(
    r"^各县[（(]市[、,，]?(区[、,，]?)?(特区)?[）)]?(人民)?政府$|^各县市(人民)?政府$"
)
_PREFECTURES = re.compile(r"^各市[〔（(\[]州[〕）)\]](人民)?政府$|^各市[、，]?自治州(人民)?政府$")
_COLLECTIVE = re.compile(r"^(各|省有关|州有关|县有关|有关|相关)")


def collective_kind(name):
    if _COUNTIES.match(name):
        return "counties"
    if _PREFECTURES.match(name):
        return "prefectures"
    if _COLLECTIVE.match(name):
        return "collective"
    return None


def canonical_name(name):
    """The register's spelling of a unit name as written. Level prefixes are kept."""
    name = re.sub(r"\s+", "", name)
    name = name.translate(str.maketrans({"(": "（", ")": "）", "〈": "（", "〉": "）"}))
    for prefix in ("省", "州", "县", "市", ""):
        if prefix and not name.startswith(prefix):
            continue
        rest = name[len(prefix) :]
        if rest in ABBREVIATIONS:
            name = prefix + ABBREVIATIONS[rest]
            break
    return EQUIVALENTS.get(name, name)


def government_of_region_named(name):
    """The region part of "六盘水市政府" / "凯里市人民政府", or None for other names."""
    match = re.fullmatch(r"(.+?)(?:人民)?政府", name)
    return match.group(1) if match and not collective_kind(name) else None


def unit_kind(name):
    if collective_kind(name):
        return "collective"
    if name.endswith("政府") or name.endswith("办事处"):
        return "government"
    if re.search(r"(局|委|办|厅|部|委员会|办公室)$", name):
        return "department"
    return "other"
