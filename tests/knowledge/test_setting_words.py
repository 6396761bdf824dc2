"""An English question names its setting with a phrase ("telecom operator"): the glossary reads
it as one word group, so the article about telecom says it in every sentence, and the one sentence
spelling out 运营商 (on the value of key accounts) does not win every telecom question."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.text import query_groups

# From a telecom operator's article on key accounts (/work/shared/corpus), two sections.
TELECOM = """# 移动公司大客户服务营销策略

一、认识大客户的价值
从市场定位和客户细分的角度来讲,大客户应该被准确的称为“企业最有价值客户”,他们的价值不仅仅体现在对企业的经济利益上,还将在社会、文化等诸多方面对企业造成深远的影响。直观来讲,大客户的消费水平比较高,这是由其较高的社会地位及经济地位所决定的。而且大客户的高起点、高层次业预示着其具有相当的发展潜力,这势必会对企业发展造成深层次、多方面的影响,直接影响着企业的经济效益和社会效益。市场是企业发展的龙头,客户是企业盈利的根源,大客户是引发市场竞争的“导火索”。因此,对大客户的抢夺已成为所有企业的共识,目前大客户已经不可避免地成为现代移动通信市场竞争的焦点与核心。
大客户消费是企业业务收入的主体,是企业经济收益的主要来源,从国外通信企业的经验来讲,集中体现是“二八定律”,即企业业务收入的80%来自于20%的大客户(或高端客户)。从国内通信企业的实际情况来看,由于经济收入和消费水平的影响,距离“二八定律”还有一定差距。但需要强调的是,对于国内通信企业来讲,大客户对移动通信运营商的价值不仅体现在大客户当前价值的实现,更多体现在大客户的潜在价值上,以及大客户给通信企业带来的社会价值张。因此,在衡量客户价值的时候,我们不仅要考虑客户的当前价值,更要考虑客户的潜在价值和社会价值。分析大客户价值,对于我们开展大客户服务工作具有现实的指导意义和长远的经济利益。在工作中,参考其他行业的划分标准和通信企业的固有特点,具体考虑大客户的价值体现,我们可大致将其分为重要大客户、集团大客户、商业大客户和战略大客户。
二、准确识别大客户
二、准确识别大客户
进行市场定位、客户细分,准确识别大客户是对大客户实施有效经营策略的基础。经过实际工作的发现与总结,我们发现决定客户类别的因素主要有五个方面:客户群体的数量、客户群体的工作性质(或称为客户群体的社会影响力)、客户群体的经济收入、客户群体对移动通信业务的需求情况以及客户群体的扩充与发展能力。根据以上五个因素,我们可准确的定义出大客户的类别。
我们可直观地看出各类客户的特点,因此,也可以方便地分析出其价值体现所在。
作为移动通信产品与服务提供商,我们移动通信公司应该准确而充分地认识大客户性质,分析大客户当前的消费水平,并对大客户未来消费水平进行预测。并以此为基础,进一步依据大客户的各项综合指标进行判断、识别和分类,按照现代客户管理理论,建立自动化客户关系管理系统,对大客户进行动态分析与管理。在工作中运用客户关系管理的理念,建立新型的大客户服务与营销机制,把大客户的工作从产品推销型或单纯服务型转向服务营销型,讲求有价值服务。在工作实践中坚持“以客户为中心,以市场为导向,以满意服务为宗旨,努力企业价值最大化”的经营理念,开创性的开展工作:抓服务,求效益;抓服务,重发展。根据大客户对移动通信的业务需求,满足大客户需要,达到大客户满意,并在大客户满意的同时,对企业发展进行规划与预测,形成一套完整的大客户服务、营销、管理、发展体系。
"""


@pytest.fixture(scope="module")
def with_telecom_article(handbook: KnowledgeBase) -> KnowledgeBase:
    handbook.ingest_bytes("telecom-value-identify.zh.txt", TELECOM.encode())
    return handbook


def test_a_telecom_operator_is_one_word_group() -> None:
    groups = query_groups("How can a telecom operator identify its key accounts?")
    assert any("运营商" in g and "通信" in g for g in groups), groups


def test_identifying_key_accounts_is_answered_from_the_section_on_identifying_them(
    with_telecom_article: KnowledgeBase,
) -> None:
    answer = with_telecom_article.answer("How can a telecom operator identify its key accounts?")
    assert answer.found, answer.text
    first = answer.text.split("\n")[1]
    assert "识别" in first, answer.text
    assert "运营商" not in answer.text, answer.text
