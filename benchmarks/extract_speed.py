"""Speed of `qbalance audit REPORT` on a 40-page report (issue 16 target: <= 5 s).

The report is synthetic (a fictional county, generated here): the 7 + 15 + 9 items with
their 【自评情况】 / 【自评结论】 pairs, the survey, and narrative sections full of
figures, padded to 40 pages of about 1000 characters each (a page of a county report
set in 小四 on A4).  Prints the size, the number of claims and the time of extraction
alone and of extraction + audit + roll-up (best of 3 runs).

Run:  PYTHONPATH=src python benchmarks/extract_speed.py
"""

from __future__ import annotations

import random
import sys
import time

from qbalance.io.documents import document_from_text
from qbalance.audit.extract import extract_claims
from qbalance.audit.rollup import audit_report

PAGES = 40
CHARS_PER_PAGE = 1000
TARGET_S = 5.0


def report(seed: int = 7) -> str:
    rnd = random.Random(seed)
    out = ["青山县人民政府关于创建全国义务教育优质均衡发展县的自评报告", "一、基本情况",
           f"2024年全县常住人口 {rnd.randint(15, 60)}.{rnd.randint(10, 99)} 万，人均国内生产总值 "
           f"{rnd.randint(30000, 90000)} 元，农民年人均纯收入 {rnd.randint(12000, 20000)} 元。"
           f"全县共有义务教育学校40所，其中：小学28所，初中10所，特殊教育学校2所。义务教育阶段在校生 "
           f"25000 人，专任教师 2000 人，教职工 2400 人，特殊教育学校在校生 60 人。",
           "二、指标达成情况", "（一）资源配置", "我县资源配置7项指标均达到国家标准。"]
    names = ["每百名学生拥有高于规定学历教师数", "每百名学生拥有县级及以上骨干教师数",
             "每百名学生拥有体育、艺术专任教师数", "生均教学及辅助用房面积", "生均体育运动场馆面积",
             "生均教学仪器设备值", "每百名学生拥有网络多媒体教室数"]
    for i, n in enumerate(names, 1):
        out += [f"{i}. {n}：达到国家标准。",
                f"【自评情况】义务教育学校平均值小学 {rnd.uniform(5, 9):.2f} 人，初中 "
                f"{rnd.uniform(6, 9):.2f} 人，校际差异系数小学 {rnd.uniform(0.2, 0.45):.3f}、初中 "
                f"{rnd.uniform(0.1, 0.4):.3f}。", "【自评结论】达标"]
    out += ["（二）政府保障程度", "我县15项指标均已达标。"]
    for y in range(2020, 2025):
        tot = rnd.randint(600, 1200)
        q = tot // 2 + rnd.randint(0, 20)
        out += [f"14. 全县优质高中招生名额分配比例不低于50%。",
                f"【自评情况】{y} 年全县优质高中招生名额总数 {tot} 人，分配名额 {q} 人，占比 "
                f"{100 * q / tot:.1f}%。其中分配农村学校的名额 {q // 2} 人，占分配名额总数的 "
                f"{100 * (q // 2) / q:.2f}%。", "【自评结论】达标"]
    out += ["11. 全县每年交流轮岗教师的比例不低于10%。",
            "【自评情况】全县符合交流轮岗条件教师总数 800 名，实际交流轮岗教师 90 名，交流轮岗教师占符合交流"
            "轮岗条件教师总数的比例为 11.3%；交流轮岗的骨干教师 20 名，占交流轮岗教师总数的比例为 22.2%。",
            "【自评结论】达标", "（三）教育质量", "我县9项教育质量指标全部达到国家标准。",
            "1. 全县初中三年巩固率达到95%以上。",
            "【自评情况】全县初中毕业生数为 2000 人，三年前初一在校生数为 2010 人，转入 30 人，转出 35 人，"
            "全县初中三年巩固率为 99.75%。", "【自评结论】达标",
            "（四）社会认可度", "【自评情况】按照家长、教师、学生分别占60%、20%、20%的比例采用抽样方式进行，"
            "共发出 400 份问卷，满意率达 92%。", "【自评结论】达标", "三、主要做法"]
    while sum(len(x) for x in out) < PAGES * CHARS_PER_PAGE:
        y = rnd.randint(2019, 2024)
        out.append(
            f"{y}年以来，我县投入资金{rnd.randint(100, 9000)}万元，新建校舍{rnd.randint(1000, 50000)}平方米、"
            f"运动场{rnd.randint(1000, 30000)}平方米，购置计算机{rnd.randint(50, 900)}台，培训教师"
            f"{rnd.randint(500, 5000)}人次，其中县级以上培训{rnd.randint(100, 400)}人次；创建平安校园"
            f"{rnd.randint(1, 30)}所、文明校园{rnd.randint(1, 20)}所，资助学生{rnd.randint(1000, 9000)}人次，"
            f"金额{rnd.randint(100, 900)}.{rnd.randint(10, 99)}万元，占比{rnd.randint(10, 90)}.{rnd.randint(0, 9)}%。"
            "坚持立德树人，深化教育教学改革，持续提升办学水平和教育质量。")
    return "\n".join(out)


def main() -> int:
    text = report()
    doc = document_from_text(text, label="bench")
    best_x = best_a = float("inf")
    n_claims = 0
    for _ in range(3):
        t0 = time.perf_counter()
        ex = extract_claims(doc)
        t1 = time.perf_counter()
        ra = audit_report(doc)
        t2 = time.perf_counter()
        best_x, best_a = min(best_x, t1 - t0), min(best_a, t2 - t1)
        n_claims = len(ex.claims.claims)
        del ra
    pages = len(text) / CHARS_PER_PAGE
    print(f"report: {len(text)} characters (~{pages:.0f} pages), {len(doc.lines)} lines; "
          f"{n_claims} claims proposed")
    print(f"extraction alone: {best_x:.2f} s; extraction + audit + roll-up: {best_a:.2f} s "
          f"(target <= {TARGET_S:.0f} s)")
    return 0 if best_a <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
