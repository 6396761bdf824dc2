"""Plain data for the demo company: one East China key-account team, its people and 30 clients."""

from __future__ import annotations

from typing import Literal, TypedDict

# Visit dates are stored as "days ago" so the demo always looks current. With the default policy
# (good 180, medium 90, poor 30 days; strategic accounts at most 60) about a third of the clients
# are overdue and six fall due within the coming week.


class DemoAdmin(TypedDict):
    telegram_id: int
    name: str


class DemoTeam(TypedDict):
    name: str


class DemoUser(TypedDict):
    telegram_id: int
    name: str
    role: Literal["supervisor", "manager"]
    team: str


class DemoContact(TypedDict):
    name: str
    title: str
    phone: str
    decision_maker: bool


class DemoClient(TypedDict):
    name: str
    aliases: list[str]
    tier: Literal["important", "group", "commercial", "strategic"]
    credit_rating: Literal["good", "medium", "poor"]
    strategy: Literal["develop", "maintain", "harvest", "exit"]
    industry: str
    region: str
    address: str
    latitude: float
    longitude: float
    owner_telegram_id: int
    notes: str
    last_visit_days_ago: int | None
    contacts: list[DemoContact]


TEAM_NAME = "华东大客户一部"
SUPERVISOR_ID = 900000001
LI_TING = 900000002  # 上海
WANG_LEI = 900000003  # 江苏（南京、苏锡常）
CHEN_XIAOFENG = 900000004  # 浙江及南通

DEMO_ADMIN: DemoAdmin = {"telegram_id": 900000000, "name": "演示管理员"}

TEAMS: list[DemoTeam] = [{"name": TEAM_NAME}]

USERS: list[DemoUser] = [
    {"telegram_id": SUPERVISOR_ID, "name": "周建国", "role": "supervisor", "team": TEAM_NAME},
    {"telegram_id": LI_TING, "name": "李婷", "role": "manager", "team": TEAM_NAME},
    {"telegram_id": WANG_LEI, "name": "王磊", "role": "manager", "team": TEAM_NAME},
    {"telegram_id": CHEN_XIAOFENG, "name": "陈晓峰", "role": "manager", "team": TEAM_NAME},
]

CLIENTS: list[DemoClient] = [
    # ---- 李婷：上海 ----
    {
        "name": "华润万家（上海）有限公司",
        "aliases": ["华润万家", "万家超市"],
        "tier": "group",
        "credit_rating": "medium",
        "strategy": "maintain",
        "industry": "连锁零售",
        "region": "上海",
        "address": "上海市长宁区娄山关路523号",
        "latitude": 31.2127,
        "longitude": 121.4003,
        "owner_telegram_id": LI_TING,
        "notes": "上海区域126家门店的SD-WAN组网和收银专线，合同年底到期；竞争对手报价低8%，续约要提前谈。",
        "last_visit_days_ago": 84,
        "contacts": [
            {
                "name": "沈立华",
                "title": "信息中心主任",
                "phone": "13801760231",
                "decision_maker": True,
            },
            {
                "name": "顾佳",
                "title": "行政采购经理",
                "phone": "13916620547",
                "decision_maker": False,
            },
        ],
    },
    {
        "name": "复旦大学附属中山医院",
        "aliases": ["中山医院"],
        "tier": "important",
        "credit_rating": "good",
        "strategy": "maintain",
        "industry": "医疗卫生",
        "region": "上海",
        "address": "上海市徐汇区枫林路180号",
        "latitude": 31.1996,
        "longitude": 121.4559,
        "owner_telegram_id": LI_TING,
        "notes": "院内5G专网承载远程会诊和移动查房；医院等级评审期间要求7×24小时保障，故障须2小时内到场。",
        "last_visit_days_ago": 150,
        "contacts": [
            {
                "name": "钱文斌",
                "title": "信息科科长",
                "phone": "13601822714",
                "decision_maker": True,
            },
            {
                "name": "陆敏",
                "title": "总务处副处长",
                "phone": "13764410398",
                "decision_maker": False,
            },
        ],
    },
    {
        "name": "上海国际港务（集团）股份有限公司洋山深水港区",
        "aliases": ["洋山港", "上港洋山"],
        "tier": "strategic",
        "credit_rating": "good",
        "strategy": "develop",
        "industry": "港口航运",
        "region": "上海",
        "address": "上海市浦东新区临港新片区同汇路1号",
        "latitude": 30.6268,
        "longitude": 122.0650,
        "owner_telegram_id": LI_TING,
        "notes": "四期自动化码头5G远控桥吊项目，招标预计下季度；建议主管陪同走访，争取纳入“1+1”双客户经理。",
        "last_visit_days_ago": 63,
        "contacts": [
            {
                "name": "徐海涛",
                "title": "技术中心副总工",
                "phone": "13916305582",
                "decision_maker": True,
            },
            {
                "name": "杨帆",
                "title": "信息部经理",
                "phone": "13816507419",
                "decision_maker": False,
            },
            {
                "name": "蔡永明",
                "title": "设备部副经理",
                "phone": "13585673320",
                "decision_maker": False,
            },
        ],
    },
    {
        "name": "交通银行上海市分行",
        "aliases": ["交行上海分行", "交通银行"],
        "tier": "group",
        "credit_rating": "medium",
        "strategy": "maintain",
        "industry": "银行金融",
        "region": "上海",
        "address": "上海市浦东新区银城中路188号",
        "latitude": 31.2397,
        "longitude": 121.5023,
        "owner_telegram_id": LI_TING,
        "notes": "全市网点双路由专线；上次网点断网投诉已回访，评分3分，需跟进整改结果。",
        "last_visit_days_ago": 95,
        "contacts": [
            {
                "name": "孙志远",
                "title": "科技部总经理",
                "phone": "13701923865",
                "decision_maker": True,
            },
        ],
    },
    {
        "name": "宝山钢铁股份有限公司",
        "aliases": ["宝钢", "宝钢股份"],
        "tier": "strategic",
        "credit_rating": "good",
        "strategy": "maintain",
        "industry": "钢铁冶金",
        "region": "上海",
        "address": "上海市宝山区富锦路885号",
        "latitude": 31.4040,
        "longitude": 121.4580,
        "owner_telegram_id": LI_TING,
        "notes": "厂区工业互联网和物联网卡约3.2万张；设备部每年3月做供应商评价，走访时带上季度运行报告。",
        "last_visit_days_ago": 55,
        "contacts": [
            {
                "name": "张国栋",
                "title": "设备部张总",
                "phone": "13681955106",
                "decision_maker": True,
            },
            {
                "name": "周蕾",
                "title": "信息化办公室主任",
                "phone": "13512107734",
                "decision_maker": True,
            },
        ],
    },
    {
        "name": "顺丰速运（上海）有限公司",
        "aliases": ["顺丰", "顺丰上海"],
        "tier": "commercial",
        "credit_rating": "medium",
        "strategy": "develop",
        "industry": "快递物流",
        "region": "上海",
        "address": "上海市青浦区华新镇华志路1685号",
        "latitude": 31.2436,
        "longitude": 121.2262,
        "owner_telegram_id": LI_TING,
        "notes": "青浦转运中心扩建，新增分拣线需要园区5G和车载终端；回款周期偏长，按月跟进。",
        "last_visit_days_ago": 30,
        "contacts": [
            {
                "name": "黄晓东",
                "title": "华东区IT负责人",
                "phone": "13918840276",
                "decision_maker": True,
            },
            {"name": "郑婉", "title": "采购专员", "phone": "15021376648", "decision_maker": False},
        ],
    },
    {
        "name": "上海交通大学闵行校区",
        "aliases": ["上海交大", "交大闵行"],
        "tier": "important",
        "credit_rating": "good",
        "strategy": "develop",
        "industry": "高等院校",
        "region": "上海",
        "address": "上海市闵行区东川路800号",
        "latitude": 31.0252,
        "longitude": 121.4337,
        "owner_telegram_id": LI_TING,
        "notes": "校园网出口扩容和新生卡业务；9月开学季前必须完成割接，暑期前要拿到网络信息中心的书面确认。",
        "last_visit_days_ago": 200,
        "contacts": [
            {
                "name": "吴振宇",
                "title": "网络信息中心主任",
                "phone": "13585910463",
                "decision_maker": True,
            },
            {
                "name": "冯雪",
                "title": "后勤保障处科长",
                "phone": "13764052289",
                "decision_maker": False,
            },
        ],
    },
    {
        "name": "<A&B> 精细化工（上海）有限公司",
        "aliases": ["A&B精细化工", "AB化工"],
        "tier": "commercial",
        "credit_rating": "poor",
        "strategy": "harvest",
        "industry": "精细化工",
        "region": "上海",
        "address": "上海市金山区上海化学工业区楚华路6号",
        "latitude": 30.8150,
        "longitude": 121.4650,
        "owner_telegram_id": LI_TING,
        "notes": "连续2个月欠费（约18.6万元），已约定分3期还款；R&D楼的专线暂停扩容；新增业务须经主管审批，必要时要求预付。",
        "last_visit_days_ago": 41,
        "contacts": [
            {
                "name": "Kevin Liu",
                "title": "财务总监 <CFO>",
                "phone": "13817745920",
                "decision_maker": True,
            },
            {
                "name": "马骏",
                "title": "安环部经理",
                "phone": "13636281057",
                "decision_maker": False,
            },
        ],
    },
    {
        "name": "上海申通地铁集团有限公司",
        "aliases": ["申通地铁", "上海地铁"],
        "tier": "strategic",
        "credit_rating": "medium",
        "strategy": "maintain",
        "industry": "城市轨道交通",
        "region": "上海",
        "address": "上海市徐汇区衡山路12号",
        "latitude": 31.2005,
        "longitude": 121.4437,
        "owner_telegram_id": LI_TING,
        "notes": "地下站点室分覆盖和运维专网；新线开通前6个月需完成设计文件会审。",
        "last_visit_days_ago": 12,
        "contacts": [
            {
                "name": "陶建平",
                "title": "通号分公司副总经理",
                "phone": "13901638870",
                "decision_maker": True,
            },
        ],
    },
    # ---- 王磊：江苏（南京、苏锡常） ----
    {
        "name": "华润电力（常熟）有限公司",
        "aliases": ["华润电力", "常熟电厂"],
        "tier": "group",
        "credit_rating": "good",
        "strategy": "develop",
        "industry": "火力发电",
        "region": "苏州",
        "address": "江苏省常熟市经济技术开发区华润路1号",
        "latitude": 31.7700,
        "longitude": 120.9200,
        "owner_telegram_id": WANG_LEI,
        "notes": "别和华润万家弄混。集团统一签约，电厂侧有智慧电厂视频专网需求，燃料部也在问船舶定位。",
        "last_visit_days_ago": 40,
        "contacts": [
            {"name": "邹建华", "title": "副总经理", "phone": "13962319805", "decision_maker": True},
            {
                "name": "许晨",
                "title": "信息中心主任",
                "phone": "13806234471",
                "decision_maker": False,
            },
        ],
    },
    {
        "name": "华能南京金陵发电有限公司",
        "aliases": ["华能金陵电厂", "金陵电厂", "华能南京"],
        "tier": "group",
        "credit_rating": "good",
        "strategy": "maintain",
        "industry": "火力发电",
        "region": "南京",
        "address": "江苏省南京市栖霞区栖霞大道88号",
        "latitude": 32.1700,
        "longitude": 118.9800,
        "owner_telegram_id": WANG_LEI,
        "notes": "两台百万千瓦机组，调度电话和生产专线要求双路由；检修期一般在4月，提前一个月确认保障方案。",
        "last_visit_days_ago": 176,
        "contacts": [
            {"name": "张伟", "title": "设备部张总", "phone": "13913872650", "decision_maker": True},
            {
                "name": "刘娜",
                "title": "综合办主任",
                "phone": "13770651298",
                "decision_maker": False,
            },
            {"name": "高峰", "title": "热控专工", "phone": "18951702634", "decision_maker": False},
        ],
    },
    {
        "name": "中国石化扬子石油化工有限公司",
        "aliases": ["扬子石化", "中石化扬子"],
        "tier": "strategic",
        "credit_rating": "good",
        "strategy": "develop",
        "industry": "石油化工",
        "region": "南京",
        "address": "江苏省南京市江北新区新华路777号",
        "latitude": 32.2400,
        "longitude": 118.7600,
        "owner_telegram_id": WANG_LEI,
        "notes": "厂区防爆5G专网一期已验收，二期覆盖储运部；设计文件审核按10个工作日承诺。",
        "last_visit_days_ago": 20,
        "contacts": [
            {
                "name": "孔祥瑞",
                "title": "信息中心主任",
                "phone": "13605189327",
                "decision_maker": True,
            },
            {
                "name": "谢丹",
                "title": "储运部副经理",
                "phone": "13851740962",
                "decision_maker": False,
            },
        ],
    },
    {
        "name": "江苏沙钢集团有限公司",
        "aliases": ["沙钢", "沙钢集团"],
        "tier": "commercial",
        "credit_rating": "medium",
        "strategy": "maintain",
        "industry": "钢铁冶金",
        "region": "苏州",
        "address": "江苏省张家港市锦丰镇沙钢大厦",
        "latitude": 31.9800,
        "longitude": 120.6200,
        "owner_telegram_id": WANG_LEI,
        "notes": "厂区无线覆盖改造在比价，对手给了三年免费运维；需要主管出面谈价格。",
        "last_visit_days_ago": 102,
        "contacts": [
            {
                "name": "季海东",
                "title": "信息化部部长",
                "phone": "13814928573",
                "decision_maker": True,
            },
        ],
    },
    {
        "name": "苏州工业园区管理委员会",
        "aliases": ["园区管委会", "苏州园区"],
        "tier": "important",
        "credit_rating": "good",
        "strategy": "maintain",
        "industry": "政府机关",
        "region": "苏州",
        "address": "江苏省苏州市苏州工业园区现代大道999号",
        "latitude": 31.3170,
        "longitude": 120.7180,
        "owner_telegram_id": WANG_LEI,
        "notes": "政务外网和城市视频感知平台；每年10月做下一年度预算，9月前要把方案递上去。",
        "last_visit_days_ago": 90,
        "contacts": [
            {
                "name": "潘立新",
                "title": "大数据管理局副局长",
                "phone": "13915590416",
                "decision_maker": True,
            },
            {
                "name": "韩雪",
                "title": "办公室科员",
                "phone": "13776028153",
                "decision_maker": False,
            },
        ],
    },
    {
        "name": "无锡市人民医院",
        "aliases": ["无锡人民医院", "锡人医"],
        "tier": "important",
        "credit_rating": "medium",
        "strategy": "maintain",
        "industry": "医疗卫生",
        "region": "无锡",
        "address": "江苏省无锡市梁溪区清扬路299号",
        "latitude": 31.5555,
        "longitude": 120.3070,
        "owner_telegram_id": WANG_LEI,
        "notes": "上月门诊Wi-Fi投诉（中级）已处理，回访4分；医院账期60天，回款需提前一周盯。",
        "last_visit_days_ago": 86,
        "contacts": [
            {
                "name": "秦卫东",
                "title": "信息处处长",
                "phone": "13961885027",
                "decision_maker": True,
            },
        ],
    },
    {
        "name": "江苏银行股份有限公司",
        "aliases": ["江苏银行", "苏银"],
        "tier": "group",
        "credit_rating": "good",
        "strategy": "maintain",
        "industry": "银行金融",
        "region": "南京",
        "address": "江苏省南京市秦淮区中华路26号",
        "latitude": 32.0270,
        "longitude": 118.7860,
        "owner_telegram_id": WANG_LEI,
        "notes": "总行数据中心互联专线和灾备链路；年度网络安全检查在11月，配合出具运维报告。",
        "last_visit_days_ago": 120,
        "contacts": [
            {
                "name": "袁志刚",
                "title": "信息科技部副总经理",
                "phone": "13805166392",
                "decision_maker": True,
            },
            {
                "name": "贺琳",
                "title": "运维中心经理",
                "phone": "13951820774",
                "decision_maker": False,
            },
        ],
    },
    {
        "name": "天合光能股份有限公司",
        "aliases": ["天合光能", "天合"],
        "tier": "commercial",
        "credit_rating": "medium",
        "strategy": "develop",
        "industry": "光伏制造",
        "region": "常州",
        "address": "江苏省常州市新北区天合路2号",
        "latitude": 31.8300,
        "longitude": 119.9900,
        "owner_telegram_id": WANG_LEI,
        "notes": "海外工厂国际专线需求多，正在评估云专线；决策在集团IT，常州基地只能推荐。",
        "last_visit_days_ago": 60,
        "contacts": [
            {
                "name": "尤建军",
                "title": "集团IT总监",
                "phone": "13775201946",
                "decision_maker": True,
            },
            {
                "name": "施雨",
                "title": "基地网络工程师",
                "phone": "15961128307",
                "decision_maker": False,
            },
        ],
    },
    {
        "name": "南京金鑫物流有限公司",
        "aliases": ["金鑫物流"],
        "tier": "commercial",
        "credit_rating": "poor",
        "strategy": "exit",
        "industry": "仓储物流",
        "region": "南京",
        "address": "江苏省南京市江宁区秣陵街道胜太西路168号",
        "latitude": 31.9300,
        "longitude": 118.8400,
        "owner_telegram_id": WANG_LEI,
        "notes": "累计欠费4个月，已发催收函；合同到期后不再续约，注意设备回收和号码迁出。",
        "last_visit_days_ago": 75,
        "contacts": [
            {"name": "林国庆", "title": "总经理", "phone": "13390785216", "decision_maker": True},
        ],
    },
    {
        "name": "中国邮政集团有限公司南京市分公司",
        "aliases": ["南京邮政", "邮政南京分公司"],
        "tier": "group",
        "credit_rating": "good",
        "strategy": "maintain",
        "industry": "邮政寄递",
        "region": "南京",
        "address": "江苏省南京市鼓楼区中山北路199号",
        "latitude": 32.0700,
        "longitude": 118.7700,
        "owner_telegram_id": WANG_LEI,
        "notes": "全市网点和揽投部的物联网终端，今年新增1200台揽投PDA；按集团框架协议执行价格。",
        "last_visit_days_ago": 10,
        "contacts": [
            {
                "name": "戴永红",
                "title": "信息技术局局长",
                "phone": "13809040658",
                "decision_maker": True,
            },
            {
                "name": "葛晨",
                "title": "寄递事业部经理",
                "phone": "13851682093",
                "decision_maker": False,
            },
        ],
    },
    # ---- 陈晓峰：浙江及南通 ----
    {
        "name": "宁波舟山港股份有限公司北仑港区",
        "aliases": ["宁波港", "北仑港"],
        "tier": "strategic",
        "credit_rating": "good",
        "strategy": "develop",
        "industry": "港口航运",
        "region": "宁波",
        "address": "浙江省宁波市北仑区明州路301号",
        "latitude": 29.9300,
        "longitude": 121.8800,
        "owner_telegram_id": CHEN_XIAOFENG,
        "notes": "集卡无人驾驶试点要5G低时延切片；合同额预计超过500万元，已申请“1+1”双客户经理。",
        "last_visit_days_ago": 58,
        "contacts": [
            {
                "name": "邵国华",
                "title": "科技信息部总经理",
                "phone": "13805741863",
                "decision_maker": True,
            },
            {
                "name": "应晓燕",
                "title": "生产业务部副经理",
                "phone": "13958271540",
                "decision_maker": False,
            },
        ],
    },
    {
        "name": "中国石化销售股份有限公司浙江杭州石油分公司",
        "aliases": ["杭州石油", "中石化杭州分公司"],
        "tier": "group",
        "credit_rating": "medium",
        "strategy": "maintain",
        "industry": "成品油销售",
        "region": "杭州",
        "address": "浙江省杭州市上城区解放东路58号",
        "latitude": 30.2460,
        "longitude": 120.2100,
        "owner_telegram_id": CHEN_XIAOFENG,
        "notes": "全市212座加油站的支付专线和视频监控；省公司在推统一招标，市公司影响力下降，要同时跑省公司。",
        "last_visit_days_ago": 91,
        "contacts": [
            {
                "name": "屠文杰",
                "title": "信息中心主任",
                "phone": "13757132809",
                "decision_maker": True,
            },
            {
                "name": "方婷",
                "title": "非油业务部经理",
                "phone": "13588406271",
                "decision_maker": False,
            },
        ],
    },
    {
        "name": "浙江大学紫金港校区",
        "aliases": ["浙大", "浙江大学"],
        "tier": "important",
        "credit_rating": "good",
        "strategy": "maintain",
        "industry": "高等院校",
        "region": "杭州",
        "address": "浙江省杭州市西湖区余杭塘路866号",
        "latitude": 30.3030,
        "longitude": 120.0860,
        "owner_telegram_id": CHEN_XIAOFENG,
        "notes": "校园5G和科研专线；信息技术中心换了主任，决策人信息要在2个工作日内更新。",
        "last_visit_days_ago": 45,
        "contacts": [
            {
                "name": "楼明",
                "title": "信息技术中心主任",
                "phone": "13666602934",
                "decision_maker": True,
            },
        ],
    },
    {
        "name": "浙江大学医学院附属第一医院",
        "aliases": ["浙一医院", "浙大一院"],
        "tier": "important",
        "credit_rating": "good",
        "strategy": "develop",
        "industry": "医疗卫生",
        "region": "杭州",
        "address": "浙江省杭州市上城区庆春路79号",
        "latitude": 30.2580,
        "longitude": 120.1780,
        "owner_telegram_id": CHEN_XIAOFENG,
        "notes": "余杭院区新楼开通在即，室分和医疗物联网打包报价中；院办要求一次性告知所需资料。",
        "last_visit_days_ago": 181,
        "contacts": [
            {
                "name": "金海燕",
                "title": "信息中心主任",
                "phone": "13605716248",
                "decision_maker": True,
            },
            {
                "name": "俞斌",
                "title": "基建处工程师",
                "phone": "13867493105",
                "decision_maker": False,
            },
        ],
    },
    {
        "name": "中通快递华东转运中心（嘉兴）",
        "aliases": ["中通嘉兴", "中通快递"],
        "tier": "commercial",
        "credit_rating": "medium",
        "strategy": "develop",
        "industry": "快递物流",
        "region": "嘉兴",
        "address": "浙江省嘉兴市南湖区亚太路1288号",
        "latitude": 30.7500,
        "longitude": 120.7500,
        "owner_telegram_id": CHEN_XIAOFENG,
        "notes": "双十一前要临时扩容分拣线网络，10月中旬前完成；上次故障报修超时到场，客户有意见。",
        "last_visit_days_ago": 97,
        "contacts": [
            {
                "name": "钟磊",
                "title": "转运中心经理",
                "phone": "13732380517",
                "decision_maker": True,
            },
            {
                "name": "吕佳琪",
                "title": "设备主管",
                "phone": "18857316624",
                "decision_maker": False,
            },
        ],
    },
    {
        "name": "杭州联华华商集团有限公司",
        "aliases": ["联华华商", "世纪联华"],
        "tier": "commercial",
        "credit_rating": "medium",
        "strategy": "harvest",
        "industry": "连锁零售",
        "region": "杭州",
        "address": "浙江省杭州市拱墅区庆春路86号",
        "latitude": 30.2600,
        "longitude": 120.1650,
        "owner_telegram_id": CHEN_XIAOFENG,
        "notes": "门店在收缩，业务量同比下降约15%；控制服务成本，重点保回款。",
        "last_visit_days_ago": 70,
        "contacts": [
            {
                "name": "董建新",
                "title": "行政部经理",
                "phone": "13575486302",
                "decision_maker": True,
            },
        ],
    },
    {
        "name": "嘉兴恒通化纤有限公司",
        "aliases": ["恒通化纤"],
        "tier": "commercial",
        "credit_rating": "poor",
        "strategy": "harvest",
        "industry": "化纤纺织",
        "region": "嘉兴",
        "address": "浙江省嘉兴市秀洲区洪合镇工业园区8号",
        "latitude": 30.8000,
        "longitude": 120.7000,
        "owner_telegram_id": CHEN_XIAOFENG,
        "notes": "回款考核日在每月25日，从前一周起每天跟进；老板亲自管钱，只认当面沟通。",
        "last_visit_days_ago": 26,
        "contacts": [
            {"name": "朱金根", "title": "董事长", "phone": "13906731582", "decision_maker": True},
            {"name": "朱丽", "title": "财务经理", "phone": "13857318420", "decision_maker": False},
        ],
    },
    {
        "name": "南通中远海运川崎船舶工程有限公司",
        "aliases": ["南通川崎", "中远川崎"],
        "tier": "commercial",
        "credit_rating": "good",
        "strategy": "maintain",
        "industry": "船舶制造",
        "region": "南通",
        "address": "江苏省南通市崇川区长江中路117号",
        "latitude": 32.0000,
        "longitude": 120.8200,
        "owner_telegram_id": CHEN_XIAOFENG,
        "notes": "船坞区无线覆盖和人员定位；日方股东对数据出境敏感，方案里写明数据本地存储。",
        "last_visit_days_ago": 130,
        "contacts": [
            {
                "name": "曹立群",
                "title": "设备动力部部长",
                "phone": "13962868139",
                "decision_maker": True,
            },
            {"name": "田中健", "title": "IT顾问", "phone": "13773629015", "decision_maker": False},
        ],
    },
    {
        "name": "宁波银行股份有限公司",
        "aliases": ["宁波银行", "宁行"],
        "tier": "group",
        "credit_rating": "good",
        "strategy": "maintain",
        "industry": "银行金融",
        "region": "宁波",
        "address": "浙江省宁波市鄞州区宁东路345号",
        "latitude": 29.8700,
        "longitude": 121.6000,
        "owner_telegram_id": CHEN_XIAOFENG,
        "notes": "省内网点专线和呼叫中心中继；服务满意，可争取异地分行的新开网点。",
        "last_visit_days_ago": 160,
        "contacts": [
            {
                "name": "柴振华",
                "title": "信息科技部总经理",
                "phone": "13805849207",
                "decision_maker": True,
            },
        ],
    },
    {
        "name": "宁波前湾新区智慧园区开发有限公司",
        "aliases": ["前湾新区", "杭州湾新区"],
        "tier": "strategic",
        "credit_rating": "medium",
        "strategy": "develop",
        "industry": "产业园区",
        "region": "宁波",
        "address": "浙江省宁波市前湾新区兴慈一路290号",
        "latitude": 30.3200,
        "longitude": 121.2500,
        "owner_telegram_id": CHEN_XIAOFENG,
        "notes": "上月新签的园区数字底座项目，还未首次走访；先约园区运营公司总经理。",
        "last_visit_days_ago": None,
        "contacts": [
            {"name": "裘卫国", "title": "总经理", "phone": "13486620953", "decision_maker": True},
            {
                "name": "严婧",
                "title": "招商运营部经理",
                "phone": "15867450381",
                "decision_maker": False,
            },
        ],
    },
    {
        "name": "海宁金盛纺织印染有限公司",
        "aliases": ["金盛纺织"],
        "tier": "commercial",
        "credit_rating": "poor",
        "strategy": "exit",
        "industry": "纺织印染",
        "region": "嘉兴",
        "address": "浙江省嘉兴市海宁市许村镇科技城路38号",
        "latitude": 30.4300,
        "longitude": 120.4200,
        "owner_telegram_id": CHEN_XIAOFENG,
        "notes": "环保整改停产两个月，已发客户预警；存量宽带到期后退出，押金按合同退还。",
        "last_visit_days_ago": 33,
        "contacts": [
            {"name": "沈根林", "title": "副总经理", "phone": "13819036427", "decision_maker": True},
        ],
    },
]
