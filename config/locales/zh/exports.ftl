### exports (中文); converted from bot/i18n.py

export-usage = 用法：<code>/export clients</code>
export-caption = { $kind }导出，共 { $count } 行。
export-empty = 没有可导出的{ $kind }，所以没有发送文件。
export-earlier = 📎 导出{ $period }的（{ $count } 条）
export-kind-clients = 客户档案
export-kind-visits = 走访记录
export-kind-complaints = 投诉工单
export-kind_of_client = { $client }的{ $kind }
export-kind_of_person = { $person }的{ $kind }

### Column headers of exported files: part of the file format (the Chinese ones are what
### `kam clients import` reads back; the English ones are the field names).
## clients
export-col-clients-name = 客户名称
export-col-clients-owner_telegram_id = 客户经理ID
export-col-clients-owner_name = 客户经理姓名
export-col-clients-tier = 客户类型
export-col-clients-credit_rating = 信誉等级
export-col-clients-strategy = 战略
export-col-clients-industry = 行业
export-col-clients-region = 区域
export-col-clients-address = 地址
export-col-clients-latitude = 纬度
export-col-clients-longitude = 经度
export-col-clients-last_visit_on = { $counted ->
        [on_site] 最近上门走访日期
       *[other] 最近走访日期
    }
export-col-clients-contacts_all = 全部联系人
export-col-clients-aliases = 别名
export-col-clients-notes = 备注
## visits
export-col-visits-id = 编号
export-col-visits-client = 客户名称
export-col-visits-visited_on = 走访日期
export-col-visits-visited_time = 走访时间
export-col-visits-kind = 方式
export-col-visits-author = 走访人
export-col-visits-manager = 客户经理
export-col-visits-people_met = 会见人员
export-col-visits-summary = 内容摘要
export-col-visits-next_step = 下一步
export-col-visits-follow_up_on = 跟进日期
export-col-visits-latitude = 签到纬度
export-col-visits-longitude = 签到经度
export-col-visits-distance_m = 签到距离（米）
## complaints
export-col-complaints-id = 编号
export-col-complaints-client = 客户名称
export-col-complaints-owner = 负责人
export-col-complaints-received_by = 受理人
export-col-complaints-recorded_by = 记录人
export-col-complaints-category = 类别
export-col-complaints-severity = 严重程度
export-col-complaints-status = 状态
export-col-complaints-received_at = 受理时间
export-col-complaints-first_response_due = 首次联系期限
export-col-complaints-responded_at = 首次联系时间
export-col-complaints-resolution_due = 解决期限
export-col-complaints-resolved_at = 解决时间
export-col-complaints-closed_at = 关闭时间
export-col-complaints-resolved_on_time = 按期解决
export-col-complaints-description = 描述
export-col-complaints-resolution = 处理结果
export-col-complaints-satisfaction = 满意度
## 仅英文读者：存档名称旁边是聊天里显示的英文名（中文读者的文件没有这一列）
export-col-client_en = 英文名
export-decision_maker = 决策人
