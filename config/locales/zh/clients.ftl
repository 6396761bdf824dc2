### clients (中文); converted from bot/i18n.py

client-usage = 请在 /client 后面输入客户名称的一部分，例如：<code>/client { $client }</code>（也可以输入拼音或首字母）。
client-none = 没有找到与“{ $query }”匹配的客户。请换个关键词试试，或输入拼音首字母。
card-title = 🏢 <b>{ $name }</b>
card-aliases = 别名：{ $aliases }
card-tier = 客户类型：{ $value }
card-rating = 信誉等级：{ $value }
card-strategy = 战略：{ $value }
card-industry = 行业：{ $value }
card-region = 区域：{ $value }
card-address = 地址：{ $value }
card-owner = 客户经理：{ $value }
card-last_visit =
    { $counted ->
        [on_site] 最近上门走访
       *[other] 最近走访
    }：{ $date }（{ $days } 天前）
card-last_visit_today =
    { $counted ->
        [on_site] 最近上门走访
       *[other] 最近走访
    }：{ $date }（今天）
card-never_visited =
    { $counted ->
        [on_site] 最近上门走访
       *[other] 最近走访
    }：暂无记录
card-contacts = <b>联系人</b>
card-contact = • { $name }{ $title }{ $phone }{ $decision }
card-decision_maker = （决策人）
card-no_contacts = 联系人：暂无
card-no_decision_maker = 没有登记决策人，以下是全部联系人：
card-whole_button = 📇 完整客户档案
card-notes = 备注：{ $value }
card-unset = 未填写
