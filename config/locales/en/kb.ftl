### kb (English); converted from bot/i18n_kb.py

kb-progress = Processing the document { $filename }… { $bar } { $done }/{ $total } passages, about { $left } s left
kb-preparing = Preparing the knowledge base (the first start embeds the sample documents; a minute or two)…
kb-progress_pages = Reading the scanned pages of { $filename }… { $bar } page { $done } of { $total }, about { $left } s left
