### media (中文); converted from bot/i18n_media.py

voice-heard = 🎤 { $text }
voice-off = 语音识别尚未开通，请直接打字发送。管理员可在设置中配置语音识别服务。
voice-too_long = 这段语音有 { $seconds } 秒，超过 { $limit } 分钟的上限，请分段发送或直接打字。
voice-too_large = 语音文件超过 { $limit } MB，请分段发送或直接打字。
voice-unreadable = 无法读取这段音频（文件损坏或格式不支持）。可以直接发语音消息，或发送 m4a、mp3、amr、wav、ogg、flac 格式的录音文件或微信语音（silk）；也可以直接打字。
voice-down = 语音识别服务暂时无法使用，这段语音没有被处理，请稍后再试或直接打字。
voice-no_sound = 这段视频没有声音，我只能听取其中说的话。请带声音重新录一段，或直接打字。
voice-silent = 这段语音里没有识别出文字，请靠近话筒重新录制，或直接打字。
flow-kind-card = 名片联系人
photo-reading = 📷 正在识别图片……
photo-too_large = 图片超过 { $limit } MB，请压缩后再发送。
photo-unclear = 图片上的文字看不清。如果是手写笔记：手写内容暂不支持识别，请打字发送；如果是名片或文件，请在光线充足处正对拍摄后重发。
photo-empty = 图片上没有找到文字。我可以识别名片（生成联系人）；管理员还可以发送文件页面的照片加入知识库。
photo-not_image = 这个文件打不开，不是图片或已经损坏。请重新拍照，或换成 JPG、PNG 格式发送。
photo-oversized = 这张图片的尺寸太大（像素过多），无法识别。请截图或缩小后再发送。
photo-page_not_admin = 这张图片看起来是文件页面，只有管理员可以把文件加入知识库。如果是名片，请只拍名片重新发送。
photo-ocr_off = 图片识别组件没有安装，请联系管理员。
contact-draft-title = 📇 <b>名片识别结果</b>
contact-field-name = 姓名：{ $value }
contact-field-title = 职务：{ $value }
contact-field-mobile = 手机：{ $value }
contact-field-phone = 电话：{ $value }
contact-field-email = 邮箱：{ $value }
contact-field-company = 公司：{ $value }
contact-field-address = 地址：{ $value }
contact-field-client = 加入客户：{ $value }
contact-field-existing = 客户已有这位联系人：{ $value }。确认后更新其资料（以名片为准），不另建。
contact-unsure_hint = 带 ❓ 的项看得不太清楚（可能有错字或错号），请对照名片核对。
contact-fix_hint = 识别有误可直接发送更正，如“手机 13900001111”“职务 采购经理”。
contact-confirm_hint = 确认无误请点“确认”，保存前不会记录任何内容。
contact-pick_client = 名片上的公司是“{ $company }”，这位联系人属于哪个客户？请选择，或发送客户名称查找：
contact-no_match = 在您的客户中没有找到与“{ $company }”相符的客户。请发送客户名称查找，或取消：
contact-no_company = 名片上没有读到公司名称。这位联系人属于哪个客户？请发送客户名称查找，或取消：
contact-type_client = 请发送这位联系人所属客户的名称：
contact-edit_hint = 请点“确认”保存；要更正某一项，请发送如“邮箱 li@example.com”。
contact-bad_mobile = “{ $value }”不是手机号码，没有修改。请重新发送，如“手机 13900001111”。
contact-bad_phone = “{ $value }”不是电话号码，没有修改。请重新发送，如“电话 021-62345678”。
contact-bad_email = “{ $value }”不是邮箱地址，没有修改。请重新发送，如“邮箱 zhang@example.com”。
contact-need_name = 名片上没有识别出姓名，请发送“姓名 张三”补上后再确认。
contact-saved = ✅ 已把联系人 { $name } 加入客户 { $client }，名片照片已一并保存。
contact-updated = ✅ 已按名片更新客户 { $client } 的联系人 { $name }，名片照片已一并保存。
contact-ok = ✅ 确认
contact-other = 换一个客户
contact-as_new = ➕ 另建联系人
contact-cancel = ✖ 取消
contact-photo_button = 📇 { $name }的名片
contact-draft_open = 您的{ $kind ->
        [visit] 走访记录
       *[complaint] 投诉工单
    }草稿（{ $client }）还没有保存，这张名片没有处理。请先在草稿上点“确认”或“取消”，再重新发送名片。
contact-queued = 📇 已收到名片（{ $name }），排在第 { $count } 位：当前这张名片确认或取消后接着处理。
contact-queue_full = 已有 { $count } 张名片在排队，这张没有处理。请先处理完当前的名片，再重新发送。
kb-photo_title = 照片 { $when }
ask-source_ocr = OCR
kberr-no_text_pdf = 这是扫描版 PDF，但识别不出文字（可能太模糊或是手写内容），请提供更清晰的扫描件或文字版
kberr-ocr_too_long = 扫描版 PDF 页数太多，请拆分成 60 页以内的文件再发送
kberr-unsupported_type = 不支持这种文件类型（支持 TXT、MD、HTML、PDF、DOCX、CSV、XLSX 和页面照片 JPG/PNG）
kberr-save_as = 这种格式（如 DOC、XLS、PPT、WPS）不能直接读取。请用 WPS 或 Office 打开，“另存为” DOCX 或 PDF（表格存为 XLSX），再重新发送
media-other_kind = 这类消息我还处理不了。可以发文字、语音（或视频消息）、照片（名片或文件页）或文件。
kb-page_filed =
    ✅ 已加入知识库：{ $title }，第 { $page } 页。
    { $held }
kb-page_again =
    ✅ 已替换知识库文档 { $title } 的第 { $page } 页（这一页重新发送，没有重复加入）。
    { $held }
kb-page_held = 这份文档现有第 { $pages } 页，共 { $count } 页；回答会注明页码。
kb-page_missing = 还缺 { $count } 页：第 { $pages } 页，拍照发来即可。
kb-page_next = 其余页面直接拍照发来即可（可以一次发多张）：页眉相同的页面会合并成这一份文档，按页面上印的页码排列，没有页码的按发送顺序。
