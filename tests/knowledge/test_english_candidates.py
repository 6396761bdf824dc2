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


# From the same article, its section on service strategy (the standing and training of account
# managers among its paragraphs).
STRATEGY = """# 移动公司大客户服务营销策略

三、大客户营销服务策略研究
移动通信市场竞争日益激烈的情况下,仅靠产品的质量已经难以留住客户,“服务”必将成为企业竞争取胜的另一张王牌。企业必须根据现代的CRM理论,通过对客户的追踪、挖掘、管理和服务,留住现有老客户,提高其忠实程度,同时还应尽可能的吸引更多新客户,提升其价值潜力。服务中要针对客户的不同需求,启动“一对一”营销策略,提供更为个性化的服务,完善大客户服务管理已经成为逐渐企业生存的根本法则。
完善服务经营管理机制。对于现代企业来讲,市场的复杂性对原有的经营模式造成了一定的冲击,因此需要对市场与企业的重新定位,建立一套完善的大客户管理体系,有效的对客户进行追踪、管理和服务。在服务管理机制中,机构建设、制度建设和服务质量保证体系建设是必须且必要的。
为加强大客户服务工作,规范管理职能,首先需要完善管理机构、管理制度,要求对大客户服务中心工作人员职责、客户经理工作标准、客户经理服务规范等进行明确,并制定相应的奖罚考核办法。同时还应对各种工作、服务流程进行明确。
完善服务经营功能。目前中国移动通信市场已经打破以往中国移动通信独家垄断的形势,在竞争日益激烈的市场环境里,“让客户满意”的服务理念,不能停留在思想上一级要求和工作形式上,而必须要通过实实在在的服务内容去实践、去落实,服务工作不仅要“卖”产品和客户服务,更要“卖”满意,让客户发自内心的满意,才会选择我们的产品,才能带来更大的效益。应该说“优质服务”就是移动通信的产品。
所以,工作中我们应坚持以大客户服务为根本、以优质服务为宗旨的,为大客户实实在在的服务,为大客户解决具体实际的移动通信业务问题,以满足大客户的需求。我们要通过“三优”服务,采取“一条龙”服务到位工作法,为大客户提供方便快捷的服务,提供大客户服务“绿色通道”。实践证明,优质服务是企业的生命线,实实在在服务,使企业和大客户心相连,树立客户是企业重要战略资源的营销新理念,充分认识企业如果失去客户资源,则企业的运营将失去意义,只有大客户围绕移动公司转,才有效益围着企业转。
完善大客户服务渠道。大客户服务渠道的建设是加强服务的根本。在对市场调查的基础上,要充分了解大客户需求,深入研究并提出大客户感兴趣的服务,以吸引大客户。目前,我们主要通过新业务演示,现场办理新业务、“流动服务车”现场演示等措施,有效的宣传新业务,扩大宣传的广度,以提高客户与众多潜在客户对移动通信的认同。在对大客户的服务中由浅层次的办理业务、上门走访,逐步转化上升为对大客户实行立体化、丰富化、多样化、亲情化的服务。尤其是对重要和高端大客户必须实行“一对一”客户经理服务策略,与客户保持良性接触。还可以通过组织“大客户俱乐部”的方式,吸引大客户,维系大客户。“俱乐部”是一个组织形式,比较新颖,具有一定的吸引力,从国外的经验来看,运做好的“客户俱乐部”将是接近客户的有效方法,是提高公司效益的“利器”。通过组织活动,让大客户间进行交流与接触,还能在一定程度上促进会员间的横向比较、横向竞争,对提高大客户的整体价值起到了一定的促进作用。
内强素质,外塑形象。企业的主体是人,客户经理代表的是移动公司的形象,形象优劣直接影响企业效益,所以客户经理的整体素质是价值链中不可忽视的重要一环。企业要鼓励员工自学,自我提高。并在员工自学的基础上,强化培训、强化考试,提高客户经理业务能力、公关能力。要组织经常性的培训工作,从业务水平、营销理念、营销方法、言行举止等各方面对客户经理进行培训教育。通过对客户经理进行综合素质的培训,全面提升了大客户服务水平,形成一种有特色的企业形象,体现有价值的企业文化。
全员服务与全员营销理念。组建专业化的大客户服务队伍目前已经得到了广泛认可,许多移动通信企业,当然也包括我们的竞争对手,都成立专门的大客户服务管理部门,组织了专业的服务营销人员。我们还选聘了最优秀的员工来从事这项工作。精英服务带来了可观的效益。
但是,从企业发展来讲,是企业发展的动力,大客户是企业的经济命脉,是全体员工的共有财产,因此对大客户的服务也必将是全员参与的。这种参与不应局限与市场营销服务部门,还应结合网络、运行、技术、维护等后台部门,在企业内部建立流程、理顺关系,要将大客户服务做为共识、达成一致、形成统一行动,使优质、优先、优惠的“三优”服务落到实处。使大客户对移动通信产生亲近感,把有形的服务中转化为无形的社会价值。
企业发展离不开客户,而大客户更是发展的源动力,将大客户服务纳入企业战略发展轨道是当前企业管理的重要研究议题。站在企业长远利益的基础上夯实服务管理工作,完善服务职能,必将成为企业发展的“主旋律”,而大客户服务也必将是其中最具活力的音符。“客户满意”已不只是一句标语、口号,而应是我们每一个中国移动通信员工神圣的工作使命与工作目标。
"""


@pytest.fixture(scope="module")
def with_image_section(handbook: KnowledgeBase) -> KnowledgeBase:
    handbook.ingest_bytes("telecom-strategy.zh.txt", STRATEGY.encode())
    return handbook


def test_the_chinese_chunk_added_for_an_english_question_is_not_a_translated_handbooks(
    with_image_section: KnowledgeBase,
) -> None:
    question = "Whom does an account manager represent in front of the client?"
    retrieval = with_image_section.retrieve(question, k=6)
    read = [*retrieval.passages, *retrieval.nearest]
    # The Chinese handbook's rule on notifying the supervisor has more of the question's words
    # (客户经理, 客户) than the article, but its English version is read already: the article's
    # sentence saying whom the account manager represents (代表) is read instead.
    assert any("客户经理代表的是移动公司的形象" in p.text for p in read)
    answer = with_image_section.answer(question)
    assert answer.found and "客户经理代表的是移动公司的形象" in answer.text


# From a power utility's article on key accounts (/work/shared/corpus): its planning steps and its
# recommendations (client files, working mechanism, the account managers' team and training).
POWER = """# 供电企业大客户管理

4、大客户营销策略计划的制定
营销计划是指依据一系列符合供电企业总体特点和目标而制定的营销目标,以及实现该目标的相应措施并计算其成本。供电企业可将制定大客户营销策略计划分为以下9个步骤:
1)细分市场。可按行业分类、用电类别来细分市场,并选择适当的市场指标。2)定义和选择目标大客户。在细分市场中识别和定位目标大客户。3)客户行业潜力分析。深入了解各行业客户运作特点及市场情况,对不同行业的客户进行行业用电分析,得出不同行业的用电潜力。4)目标大客户分析。将行业潜力分析应用到具体的目标客户上,以便能更清楚地了解客户通过使用电力和服务来增强自身的竞争力。5)客户年度报告和财务分析。供电企业通过
阅读和分析客户的公开年度报告和财务分析,进一步了解客户经营状况,做到心中有数,并择取有价值的信息来确定如何为客户提供帮助,努力改进工作。6)客户内部价值整体分析。深入调查客户的日常工作细节,对存在的问题仔细分析,提出改进的方法,并采取有效措施为客户创造价值,以此提高电能的竞争优势。如开展电力需求侧管理(DSM),帮助客户降低用电成本,倡导客户绿色消费等。7)销售流程分析。业务扩充、变量用电业务和电费管理三位一体组成了电力销售的全过程。从客户的角度来检查电力销售的全过程,及时发现问题和提出改进办法。另外,大客户经理通过了解客户购买电力的程序、客户购买电力的决策人员情况的调查,设法扩大与客户决策人员的接触面,这样会有效节省时间和精力。8)双方交易历史记录分析。对客户的用电记录进行分析,预测客户未来用电趋势。9)竞争力比较和竞争对手策略。电能已不是客户唯一选择的能源,供电企业应具有强烈的忧患意识,在制定目标大客户营销策略计划时,要与市场上的其他可替代能源相比,多方面了解是否能更好地满足客户的需求,以便制定竞争对手策略。
5、关于大客户管理的几点建议
5.1建立完善的大客户档案
大客户档案是供电企业对大客户有效服务的基础。按本文上述的方法,建立大客户档案就是要及时了解大客户的用电结构、设备配置、技术负责人、使用电力的基本情况及其动态变化等,特别是要对大客户进行跟踪并及时反馈。重视对大客户的统计分析,定期对所服务的客户结构进行调查,统计分析大客户的用电量、用电模式等情况,对大客户进行动态管理和提示预警,以便从中获取更多的营销机会。
5.2建立企业内部完善的大客户工作机制
大客户服务是一项系统工程,需要企业内部各个部门协调进行,需要建立健全的后台支撑体系和可以共享的大客户信息管理系统。一是大客户服务工作仅仅依靠客户经理是远远不够的,企业内部必须树立“大营销”、“大服务”的理念,各部门设定专门人员与客户经理共同形成大客户服务团队,使大客户经理与后台支撑部门的沟通渠道畅通无阻。同时,大客户经理经过授权后,在团队中扮演领导者的角色,调动团队成员协同作战,为客户提供高效、优质的服务。二是建立相关的大客户工作制度,理顺大客户业务处理流程,明确各部门的工作职责,为大客户工作的顺利开展提供良好的内部环境。三是建立共享的大客户信息管理系统,包括技术数据库、大客户档案、大客户业务处理、客户关系管理等信息资源,做到对客户需求能快速反应。四是完善走访制度,与大客户建立长期合作伙伴关系。大客户经理、主管及企业高层领导应定期或不定期走访客户,与客户面对面交流,培育和增进双方的伙伴关系。
5.3加强大客户服务队伍建设
大客户经理为大客户提供“一站式”服务,大客户期望大客户经理具有一定的权威性,在供电企业中享有一定的地位,能快速解决客户的实际问题。因此,供电企业应提高大客户经理在企业中的地位和待遇,并予以充分的授权,使之能调动企业各方面资源为大客户服务,这样才能吸引更多的优秀人才充实到大客户经理队伍中来。为将客户关系提升到战略伙伴关系,理想的大客户经理必须具备全方位的技能,如电力系统专业技术知识、法律知识、财务知识、计算机知识、沟通技巧、语言表达能力、组织协调能力、营销策划能力、创造性思维等方面。当然,这些技能不是一下能达到的,需要通过定期加强业务培训和业务练兵,以此提高大客户经理的综合素质。
"""


@pytest.fixture(scope="module")
def with_power_article(handbook: KnowledgeBase) -> KnowledgeBase:
    handbook.ingest_bytes("power-recommendations.zh.txt", POWER.encode())
    return handbook


def test_the_chinese_chunk_added_holds_the_rare_word_asked(
    with_power_article: KnowledgeBase,
) -> None:
    question = "How should a power utility train its key-account staff?"
    retrieval = with_power_article.retrieve(question, k=6)
    read = [*retrieval.passages, *retrieval.nearest]
    # BM25 prefers the chunk repeating 大客户经理; the one with 培训 (train) is read.
    assert any("定期加强业务培训和业务练兵" in p.text for p in read)


def test_the_chinese_chunk_added_is_the_one_holding_most_of_the_question_words() -> None:
    from datetime import UTC, datetime

    from knowledge.registry import ChunkRow, DocumentRow
    from knowledge.retrieval import ChunkTable
    from knowledge.text import normalize, query_groups, words

    doc = DocumentRow("power", "power", "供电企业大客户管理", "power.txt", "text", "h", 3, 1,
                      datetime(2026, 1, 1, tzinfo=UTC), None)  # fmt: skip
    texts = [
        # Step 7 of the planning steps: 大客户经理 and 客户 again and again, no training.
        "另外,大客户经理通过对客户决策人员情况的调查,设法扩大与客户决策人员的接触面,"
        "大客户经理这样会有效节省时间和精力,大客户经理。",
        # The account managers' team: their skills come from regular training.
        "当然,这些技能不是一下能达到的,需要通过定期加强业务培训和业务练兵,以此提高大客户经理的综合素质。",
        "Key accounts are served by their account manager.",
    ]
    chunks = [
        ChunkRow(f"c{n}", "power", n, t, None, None, words(normalize(t)))
        for n, t in enumerate(texts)
    ]
    table = ChunkTable([doc], chunks)
    groups = query_groups("How should a power utility train its key-account staff?")
    # In BM25 order the planning step came first; the chunk with 培训 (train) is read instead.
    assert table.other_language_by_words(groups, [0, 1, 2], chinese=False) == [1, 0]


def test_the_chinese_chunk_added_for_an_english_question_stands_under_a_heading_saying_it() -> None:
    from datetime import UTC, datetime

    from knowledge.registry import ChunkRow, DocumentRow
    from knowledge.retrieval import ChunkTable
    from knowledge.text import normalize, query_groups, words

    doc = DocumentRow("power", "power", "供电企业大客户管理", "power.txt", "text", "h", 3, 1,
                      datetime(2026, 1, 1, tzinfo=UTC), None)  # fmt: skip
    sections_texts = [
        # The planning steps repeat 大客户 and 建立 under a heading on marketing plans.
        ("供电企业大客户管理 › 4、大客户营销策略计划的制定",
         "在细分市场中识别和定位目标大客户,建立大客户营销计划,建立大客户档案。"),
        # The internal working mechanism: its heading says what is asked, its sentence hardly.
        ("5、关于大客户管理的几点建议 › 5.2建立企业内部完善的大客户工作机制",
         "大客户服务是一项系统工程,需要各个部门协调进行。"),
        ("Chapter 1 › Scope", "Key accounts are served by their account manager."),
    ]  # fmt: skip
    chunks = [
        ChunkRow(f"c{n}", "power", n, t, section, None, words(normalize(t)))
        for n, (section, t) in enumerate(sections_texts)
    ]
    table = ChunkTable([doc], chunks)
    groups = query_groups("What internal mechanism should a power company set up for key accounts?")
    # Only the section on the working mechanism is named by the question (内部, 机制, 建立, 大客户);
    # the English chunk is in the question's language and not added.
    assert table.other_language_by_section(groups, [0, 1, 2], chinese=False) == [1]


def test_the_chinese_chunk_added_answers_the_asked_thing_not_the_articles_topic() -> None:
    from datetime import UTC, datetime

    from knowledge.registry import ChunkRow, DocumentRow
    from knowledge.retrieval import ChunkTable
    from knowledge.text import normalize, query_groups, words

    def document(doc_id: str, title: str) -> DocumentRow:
        return DocumentRow(doc_id, doc_id, title, f"{doc_id}.txt", "text", "h", 4, 1,
                           datetime(2026, 1, 1, tzinfo=UTC), None)  # fmt: skip

    telecom = [
        "当今的国内移动通信市场竞争日益激烈,移动通信业竞争格局日趋多元化。",
        # Names the article's domain (移动通信企业) and account managers, not their training.
        "许多移动通信企业都成立专门的大客户服务管理部门,客户经理由最优秀的员工担任。",
        # Answers, without saying 通信 again.
        "要组织经常性的培训工作,从业务水平、营销理念等各方面对客户经理进行培训教育。",
        "移动通信作为朝阳产业,对大客户的抢夺已成为所有通信企业的共识。",
    ]
    handbook = [
        "大客户按信誉等级分为优质、良好、一般和较差四级。",
        "客户经理每月走访所辖客户一次。",
        "投诉分为紧急、重要和一般三级。",
        "客户档案包括基本信息和联系人。",
        "走访记录在24小时内填写。",
        "服务补救在问题解决后进行。",
        "满意度每年调查一次。",
        "催收预警在逾期后发出。",
        "双客户经理制适用于大项目。",
        "附则由公司解释。",
        "重要大客户由主管每季度走访。",
        "工作日不含法定节假日。",
    ]
    chunks = [
        ChunkRow(f"{doc}{n}", doc, n, t, None, None, words(normalize(t)))
        for doc, texts in (("telecom", telecom), ("handbook", handbook))
        for n, t in enumerate(texts)
    ]
    table = ChunkTable(
        [document("telecom", "移动公司大客户服务营销策略"), document("handbook", "大客户服务政策")],
        chunks,
    )
    groups = query_groups("What training do telecom operators give their account managers?")
    rows = list(range(len(chunks)))
    # Most of the article's chunks say 移动通信 and the handbook's none: the article is about
    # telecom, which counts as said in each of its chunks, and training (培训) chooses among them.
    assert table.other_language_by_words(groups, rows, chinese=False)[0] == 2
