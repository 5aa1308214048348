"""A tiny document and policy directory, so compiler tests do not depend on the real encoding."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

TINY_DOCUMENT = textwrap.dedent("""\
    测试县救助方案
    一、认定标准
    （一）低保。家庭人均收入低于当地最低生活保障标准的，纳入最低生活保障范围。
    （二）边缘。家庭人均收入低于最低生活保障标准1.5倍的，纳入边缘家庭。应当及时办理。
    （三）特困。无劳动能力的老年人纳入特困人员。
    二、工作要求
    （一）各部门应当及时办理。
    """)

TINY_PARAMETERS = textwrap.dedent("""\
    jurisdiction: yanqi
    parameters:
      dibao_standard:
        values:
          - {from: 2025-01-01, value: 8400, source: "test", illustrative: true}
      financial_assets_limit_per_person:
        values:
          - {from: 2025-01-01, value: 30000, source: "test", illustrative: true}
    """)

HEADER = textwrap.dedent("""\
    ```policy
    document "tiny.txt";
    jurisdiction yanqi "测试县";
    category dibao "最低生活保障对象";
    category dibao_bianyuan "最低生活保障边缘家庭";
    category tekun "特困人员" per member;
    ```
    """)

VALID_RULES = textwrap.dedent("""\
    ```policy
    rule dibao:
      cites "一.(一)" "家庭人均收入低于当地最低生活保障标准的，纳入最低生活保障范围"
      dibao :- per_capita_income < dibao_standard.
    rule bianyuan:
      cites "一.(二)" "家庭人均收入低于最低生活保障标准1.5倍的，纳入边缘家庭"
      dibao_bianyuan :- per_capita_income < 1.5 * dibao_standard, not dibao.
    rule tekun:
      cites "一.(三)" "无劳动能力的老年人纳入特困人员"
      tekun(P) :- member(P), work_ability(P) = "none", age(P) >= 60.
    ```
    """)


@pytest.fixture
def tiny_document():
    return TINY_DOCUMENT


@pytest.fixture
def valid_rules():
    return VALID_RULES


@pytest.fixture
def tiny_kb(tmp_path):
    """Write a tiny knowledge base; returns (write(rules_text) -> policy dir, the folder of its
    document, which is the policy folder itself: a document lies beside its policy files)."""
    policy = tmp_path / "policies" / "yanqi"
    policy.mkdir(parents=True)
    sources = policy
    (sources / "tiny.txt").write_text(TINY_DOCUMENT, encoding="utf-8")
    (policy / "parameters.yaml").write_text(TINY_PARAMETERS, encoding="utf-8")
    (policy / "00-header.md").write_text(HEADER, encoding="utf-8")

    def write(rules: str) -> Path:
        (policy / "01-rules.md").write_text(rules, encoding="utf-8")
        return policy

    return write, sources
