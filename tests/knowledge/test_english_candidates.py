"""An English question about a Chinese article in a knowledge base that also holds a translated
handbook: the handbook's English lines share the question's commonest words (key accounts,
account manager) and fill the fused ranking and the nearest sentences, so the Chinese chunk its
words match best through the glossary is added to the sentences the quote is chosen from."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase

# From a telecom operator's article on key accounts (/work/shared/corpus), one section.
TELECOM = """# 移动公司大客户服务营销策略

二、准确识别大客户
进行市场定位、客户细分,准确识别大客户是对大客户实施有效经营策略的基础。经过实际工作的发现与总结,我们发现决定客户类别的因素主要有五个方面:客户群体的数量、客户群体的工作性质(或称为客户群体的社会影响力)、客户群体的经济收入、客户群体对移动通信业务的需求情况以及客户群体的扩充与发展能力。根据以上五个因素,我们可准确的定义出大客户的类别。
我们可直观地看出各类客户的特点,因此,也可以方便地分析出其价值体现所在。
作为移动通信产品与服务提供商,我们移动通信公司应该准确而充分地认识大客户性质,分析大客户当前的消费水平,并对大客户未来消费水平进行预测。并以此为基础,进一步依据大客户的各项综合指标进行判断、识别和分类,按照现代客户管理理论,建立自动化客户关系管理系统,对大客户进行动态分析与管理。在工作中运用客户关系管理的理念,建立新型的大客户服务与营销机制,把大客户的工作从产品推销型或单纯服务型转向服务营销型,讲求有价值服务。在工作实践中坚持“以客户为中心,以市场为导向,以满意服务为宗旨,努力企业价值最大化”的经营理念,开创性的开展工作:抓服务,求效益;抓服务,重发展。根据大客户对移动通信的业务需求,满足大客户需要,达到大客户满意,并在大客户满意的同时,对企业发展进行规划与预测,形成一套完整的大客户服务、营销、管理、发展体系。
"""


@pytest.fixture(scope="module")
def with_telecom_article(handbook: KnowledgeBase) -> KnowledgeBase:
    handbook.ingest_bytes("telecom-identify.zh.txt", TELECOM.encode())
    return handbook


def test_an_english_question_reads_the_chinese_chunk_its_words_match_best(
    with_telecom_article: KnowledgeBase,
) -> None:
    question = "What indicators can a telecom operator use to identify key accounts?"
    retrieval = with_telecom_article.retrieve(question, k=6)
    read = [*retrieval.passages, *retrieval.nearest]
    # 指标 (indicators) and 识别 (identify) are in the article's sentence on judging key accounts
    # by their overall indicators; without it every chunk read was the handbook's.
    assert any("依据大客户的各项综合指标进行判断、识别和分类" in p.text for p in read)
