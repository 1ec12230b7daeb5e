"""Synthetic reports in the genre of a national work conference, for benchmarks ONLY.

Made-up names, organizations from the gazetteer (kg/lexicon/organizations.tsv), random figures. The
text is grammatical enough for the extractor to find officials, a meeting, targets and plans, so a
benchmark exercises every stage; it is never used to measure accuracy.

    python bench/synth.py 1000 --out /tmp/synth-1000       # 1,000 reports of ~10 KB each
    python bench/synth.py 100 --out /tmp/s --size 50000     # 100 reports of ~50 KB each
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

GAZETTEER = Path(__file__).resolve().parent.parent / "kg" / "lexicon" / "organizations.tsv"

# Made-up given-name characters and a few common surnames: no real official's name is composed on purpose.
SURNAMES = (
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦许何吕施张孔曹严华金魏陶姜谢邹喻柏窦章苏潘葛范彭鲁韦马苗方俞任袁柳"
)
GIVEN = "晓明华建国伟芳秀英志强立新海涛春雷宏亮文静思远佳琪子墨浩然一鸣雨欣俊峰振宇嘉怡德润博彦"
PLACES = ("北京", "上海", "广州", "成都", "武汉", "西安", "杭州")
METRICS = (
    ("规模以上工业增加值", "增长", "%"),
    ("软件业务收入", "增长", "%"),
    ("单位工业增加值能耗", "下降", "%"),
    ("电信业务总量", "增长", "%"),
    ("固定资产投资", "增长", "%"),
    ("研发经费投入强度", "达到", "%"),
    ("新能源汽车销量", "增长", "%"),
    ("外贸进出口总额", "增长", "%"),
    ("城镇新增就业", "达到", "万人"),
    ("行政村通光纤比例", "提升至", "%"),
    ("高新技术企业", "新增", "家"),
    ("示范项目", "新批复", "个"),
)
AREAS = (
    "创新驱动发展",
    "产业结构优化",
    "数字经济发展",
    "绿色低碳转型",
    "开放合作",
    "民生保障",
    "改革攻坚",
    "安全生产",
    "人才队伍建设",
    "法治建设",
    "基础设施建设",
    "营商环境",
)
VERBS = (
    "深入推进",
    "加快实施",
    "统筹推进",
    "持续深化",
    "扎实开展",
    "着力加强",
    "全面落实",
    "稳步推进",
    "积极推动",
)
OBJECTS = (
    "重点领域改革",
    "关键核心技术攻关",
    "中小企业发展",
    "区域协调发展",
    "产业链供应链稳定",
    "质量品牌建设",
    "标准体系建设",
    "服务型制造",
    "信息基础设施",
    "安全保障能力",
    "政策协调配合",
    "重大项目建设",
    "科技成果转化",
    "公共服务能力",
    "监督检查工作",
    "风险防范化解",
)
PROGRAMMES = ("质量提升行动", "强基工程", "示范工程", "专项行动", "试点示范", "创新工程", "升级计划")
ORDINALS = "一二三四五六七八九十"
TITLES = {  # kind of organization → (head's title, deputy's title, short name in 部党组成员)
    "ministry": ("部长", "副部长", "部"),
    "commission": ("主任", "副主任", "委"),
    "state administration": ("局长", "副局长", "局"),
}


def organizations() -> list[tuple[str, str]]:
    """(name, kind) of the gazetteer's ministries, commissions and administrations."""
    found = []
    for line in GAZETTEER.read_text(encoding="utf-8").splitlines()[1:]:
        if line.startswith("#") or not line.strip():
            continue
        name, kind = line.split("\t")[:2]
        if kind in ("ministry", "commission", "state administration"):
            found.append((name, kind))
    return found


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def figure(rng: random.Random, year: int, planned: bool) -> str:
    metric, verb, unit = rng.choice(METRICS)
    value = rng.randint(2, 98) if unit != "%" else round(rng.uniform(1, 30), 1)
    qualifier = rng.choice(("", "左右", "以上")) if not planned else ""
    lead = f"{year}年" if not planned else rng.choice(("力争", "确保", ""))
    return f"{lead}{metric}{verb}{value}{unit}{qualifier}"


def filler(rng: random.Random) -> str:
    parts = [f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}" for _ in range(rng.randint(2, 4))]
    if rng.random() < 0.3:
        parts.append(f"实施{rng.choice(AREAS)}{rng.choice(PROGRAMMES)}")
    return ",".join(parts) + "。"


def report(rng: random.Random, orgs: list[tuple[str, str]], size: int) -> tuple[str, str, str, str]:
    """(title, date, publisher, body) of one report of about `size` characters."""
    ministry, kind = rng.choice(orgs)
    head, deputy, short = TITLES[kind]
    year = rng.randint(2012, 2024)
    month, day = rng.choice((12, 1)), rng.randint(1, 28)
    date = f"{year if month == 12 else year + 1}-{month:02d}-{day:02d}"
    place = rng.choice(PLACES)
    area = ministry.rstrip("部委局署行")
    meeting = f"全国{area}工作会议"
    minister, chair = person(rng), person(rng)
    deputies = [person(rng) for _ in range(rng.randint(2, 4))]
    lines = [
        f"{meeting}在{place}召开",
        (
            f"{month}月{day}日,{meeting}在{place}召开。会议总结{year}年工作,部署{year + 1}年任务。"
            f"{ministry}党组书记、{head}{minister}出席会议并讲话。会议由{short}党组成员、{deputy}{chair}主持。"
            f"{short}党组成员、{deputy}{'、'.join(deputies)}出席会议。"
        ),
    ]
    areas = rng.sample(AREAS, k=min(len(AREAS), 6))
    lines.append(f"会议指出,{year}年各项工作取得新进展。")
    for ordinal, headline in zip(ORDINALS, areas):
        lines.append(f"{ordinal}是{headline}取得新成效。{figure(rng, year, False)}。{filler(rng)}")
    tasks = rng.sample(AREAS, k=5)
    lines.append(f"会议要求重点抓好{ORDINALS[len(tasks) - 1]}项工作。")
    for ordinal, headline in zip(ORDINALS, tasks):
        lines.append(
            f"{ordinal}是{rng.choice(VERBS)}{headline}。{filler(rng)}{figure(rng, year + 1, True)}。"
        )
    body = "\n".join(lines)
    while len(body) < size:  # grow the paragraphs of the review with more of the same
        body += "\n" + "".join(filler(rng) for _ in range(8))
    return f"{meeting}在{place}召开", date, ministry, body


def write(count: int, out: Path, size: int = 10_000, seed: int = 0) -> list[Path]:
    """Write `count` reports of about `size` characters into `out` (reproducible from `seed`)."""
    rng = random.Random(seed)
    orgs = organizations()
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        title, date, publisher, body = report(rng, orgs, size)
        path = out / f"synth-{number:05d}.txt"
        path.write_text(
            f"---\ntitle: {title}\ndate: {date}\npublisher: {publisher}\n---\n{body}\n", encoding="utf-8"
        )
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of reports (e.g. 100, 1000, 10000)")
    parser.add_argument("--out", required=True, type=Path, help="folder to write them into")
    parser.add_argument("--size", type=int, default=10_000, help="characters per report (default 10,000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = write(args.count, args.out, args.size, args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} reports, {total / 2**20:.1f} MB, into {args.out}")


if __name__ == "__main__":
    main()
