### outbox (中文); converted from bot/i18n_outbox.py

outbox-alert_held = ⚠️ { $level ->
        [critical] 紧急投诉
       *[other] 投诉
    } #{ $ticket }（{ $client }）的提醒暂时无法送达{ $recipient }：对方还没有打开本机器人（或已停用）。对方一打开机器人，提醒就会送达；如情况紧急，请直接联系对方。
outbox-reopened =
    🔁 投诉 #{ $ticket }（{ $client }，{ $severity }）回访得分 { $score } 分，已重新打开，请督办。客户经理 { $owner }。
    { $description }
    新的解决期限：{ $resolution_due }
inbox-given_up = 抱歉，您发来的“{ $what }”几次处理都没有完成（机器人中断或网络故障），已停止处理。请稍后重新发送，或者换一种说法；如果仍然不行，请联系管理员。
inbox-given_up_plain = 抱歉，您刚才的消息或按钮操作几次处理都没有完成（机器人中断或网络故障），已停止处理。请稍后再试；如果仍然不行，请联系管理员。
