"""Guizhou's administrative divisions that the plans name (GB/T 2260 codes).

Loaded into the database by `load_plans`; the document readers use the names to tell
which region issued a plan. Plain data, no ORM.
"""

# (code, full name, short name as documents write it, level, parent code)
REGIONS = [
    ("520000", "贵州省", "贵州省", "province", None),
    ("520100", "贵阳市", "贵阳市", "prefecture", "520000"),
    ("520200", "六盘水市", "六盘水市", "prefecture", "520000"),
    ("520300", "遵义市", "遵义市", "prefecture", "520000"),
    ("520400", "安顺市", "安顺市", "prefecture", "520000"),
    ("520500", "毕节市", "毕节市", "prefecture", "520000"),
    ("520600", "铜仁市", "铜仁市", "prefecture", "520000"),
    ("522300", "黔西南布依族苗族自治州", "黔西南州", "prefecture", "520000"),
    ("522600", "黔东南苗族侗族自治州", "黔东南州", "prefecture", "520000"),
    ("522700", "黔南布依族苗族自治州", "黔南州", "prefecture", "520000"),
    # 黔西南州
    ("522301", "兴义市", "兴义市", "county", "522300"),
    ("522302", "兴仁市", "兴仁市", "county", "522300"),
    ("522323", "普安县", "普安县", "county", "522300"),
    ("522324", "晴隆县", "晴隆县", "county", "522300"),
    ("522325", "贞丰县", "贞丰县", "county", "522300"),
    ("522326", "望谟县", "望谟县", "county", "522300"),
    ("522327", "册亨县", "册亨县", "county", "522300"),
    ("522328", "安龙县", "安龙县", "county", "522300"),
    # 黔东南州
    ("522601", "凯里市", "凯里市", "county", "522600"),
    ("522622", "黄平县", "黄平县", "county", "522600"),
    ("522623", "施秉县", "施秉县", "county", "522600"),
    ("522624", "三穗县", "三穗县", "county", "522600"),
    ("522625", "镇远县", "镇远县", "county", "522600"),
    ("522626", "岑巩县", "岑巩县", "county", "522600"),
    ("522627", "天柱县", "天柱县", "county", "522600"),
    ("522628", "锦屏县", "锦屏县", "county", "522600"),
    ("522629", "剑河县", "剑河县", "county", "522600"),
    ("522630", "台江县", "台江县", "county", "522600"),
    ("522631", "黎平县", "黎平县", "county", "522600"),
    ("522632", "榕江县", "榕江县", "county", "522600"),
    ("522633", "从江县", "从江县", "county", "522600"),
    ("522634", "雷山县", "雷山县", "county", "522600"),
    ("522635", "麻江县", "麻江县", "county", "522600"),
    ("522636", "丹寨县", "丹寨县", "county", "522600"),
]


def region_named_in(text):
    """The region a title names first, as a dict, or None.

    Full names and short names both count ("黔东南州", "黔东南苗族侗族自治州", "贵州省");
    where two match at the same place the longer wins.
    """
    best = None
    for code, name, short, level, parent in REGIONS:
        for written in {name, short}:
            at = text.find(written)
            if at < 0:
                continue
            key = (at, -len(written))
            if best is None or key < best[0]:
                best = (
                    key,
                    {
                        "code": code,
                        "name": name,
                        "short_name": short,
                        "level": level,
                        "parent": parent,
                    },
                )
    return best[1] if best else None
