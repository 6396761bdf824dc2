"""Message catalog of the second hardening round: over-long cells in any column of an import."""

from __future__ import annotations

ZH: dict[str, str] = {
    "rowerr.cell_too_large": "这一格超过 {value} 个字符（机器人不读取的列也算），请缩短或删掉后重新发送",
}

EN: dict[str, str] = {
    "rowerr.cell_too_large": "this cell holds more than {value} characters (columns the bot does not read count too); shorten or delete it and send the file again",
}
