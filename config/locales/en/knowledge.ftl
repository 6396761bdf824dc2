### knowledge (English); converted from bot/i18n.py

ask-usage = Write your question after /ask, for example <code>/ask How often must a poor-credit client be visited?</code>
ask-unavailable = The knowledge base is not switched on. Please contact your administrator.
ask-down = The documents cannot be searched right now (the search service is not answering). Please ask again in a little while; visits, complaints and reminders work as usual.
ask-not_found = Sorry, I found nothing in the company documents about this. Try asking in other words, or ask your supervisor.
ask-sources = <b>Sources</b>
ask-source = {"["}{ $n }] { $title }{ $section }: “{ $quote }”
ask-thinking = Looking it up…
ask-client_hint = This question is about the client “{ $name }”. Here is the client file:
ask-time_alone =
    What about “{ $when }”? Send the day together with what it is for, for example:
    • log a visit: Visited { $client } today, met Mr Zhang about the renewal
    • a briefing before a visit: Visiting { $client } tomorrow
    • a reminder: Remind me on Thursday to call { $client }
    • what is on: What do I have next week? (or /reminders)
    • visit figures: How many visits did I make last month? (or /summary month)
ask-example_client = Huaneng
kb-down = The document search service is not answering right now; this document was not added. Please send it again in a little while.
kb-empty = The knowledge base has no documents yet. An administrator can send a document (PDF, Word, TXT, Markdown, HTML, CSV, XLSX) to add it.
kb-header = <b>Knowledge-base documents</b> ({ $count }):
kb-header_matching = <b>Knowledge-base documents</b> with “{ $part }” in their name ({ $count }):
kb-none_matching = No document in the knowledge base has “{ $part }” in its name. Send /kb to see them all.
kb-page = Page { $page } of { $pages }
kb-previous = ◀ Previous
kb-next = Next ▶
kb-filter_hint = Many documents: send “/kb part of a name” (for example /kb sales) to list only those.
kb-item =
    { $n }. { $title } — { $chunks } { $chunks ->
        [one] passage
       *[other] passages
    }, { $when }
kb-item_pages =
    { $n }. { $title } — { $pages } pages, { $chunks } { $chunks ->
        [one] passage
       *[other] passages
    }, { $when }
kb-remove_button = 🗑 Remove { $n }
kb-removed = Removed from the knowledge base: { $title }
kb-remove_confirm = Remove “{ $title }” from the knowledge base? Answers will no longer quote it, for anyone.
kb-remove_yes = 🗑 Yes, remove
kb-remove_no = Keep it
kb-remove_kept = Nothing was removed; the document stays in the knowledge base.
kb-remove_down = The document search service is not answering right now; nothing was removed. Please try again in a little while.
kb-ingesting = Processing the document { $filename }…
kb-ingesting_photo = Reading the page in the photo into the knowledge base…
kb-ingested =
    ✅ Added to the knowledge base: { $title }
    Pages: { $pages }, passages: { $chunks }, took { $seconds } s.
kb-duplicate = This file has the same content as “{ $title }”, already in the knowledge base; it was not added twice. To keep it under the new name, remove “{ $title }” with /kb first, then send it again.
kb-unchanged = The document { $title } has not changed; nothing to do.
kb-updated =
    ✅ Updated in the knowledge base: { $title }
    Pages: { $pages }, passages: { $chunks }, took { $seconds } s (the old version was replaced).
kb-for_all = 👥 Visible to everyone (a company document).
kb-for_client = 🔒 Visible only to the manager and supervisor of “{ $client }”.
kb-item_client = (🔒 { $client })
kb-client_unknown = No client “{ $query }” was found; the document was not added. Write the client's full name in the caption (for example: client: Huaneng Nanjing Power Plant) and send it again; without “client:” everyone can read it.
kb-client_ambiguous = “{ $query }” could be any of these clients: { $options }. The document was not added; write the client's full name in the caption and send it again.
kb-other_versions = The knowledge base also holds a document with a similar name, which looks like an earlier version of this one. Replace it with this one? Then answers quote only the new version; if both are kept, answers quote both:
kb-public_copy = The knowledge base also holds a document with the same or a similar name that everyone can read. Until it is removed, every manager can still read what it says:
kb-other_version = • { $title } (added { $when })
kb-replace_button = 🔁 Replace the old “{ $title }”
kb-keep_versions_button = Keep both
kb-replaced = Replaced: the earlier version “{ $old }” was removed from the knowledge base; answers quote only “{ $new }”.
kb-kept_versions = Both versions are kept. To remove the old one later, use /kb.
kb-same_content = ℹ️ The knowledge base already holds a document with exactly the same content, for other readers. Both are kept and quoted (whoever may read both sees it twice); remove the one that should not be there:
kb-same_content_all = • “{ $title }” — company-wide: every manager reads it
kb-same_content_client = • “{ $title }” — only for the manager and supervisor of “{ $client }”
kb-remove_copy_button = 🗑 Remove “{ $title }”
kb-held_versions = The knowledge base also holds a document with a similar name, which looks like an earlier version of this one. So that answers never quote both, the earlier one is set aside from now on: answers quote only this one. Replace it with this one (the earlier one is removed), or keep both (it is quoted again, beside this one)?
kb-kept_held = Both versions are kept: { $titles } is quoted again, and answers quote the old version beside the new one. To remove it later, use /kb.
kb-item_held = (⏸ set aside for “{ $new }”: not quoted; 🗑 removes it, ▶ quotes it again beside the new one)
kb-restore_button = ▶ Quote { $n } again
kb-remove_public_button = 🗑 Remove the company-wide “{ $title }”
kb-error = ❌ Could not process the document { $filename }: { $reason }
kb-error_photo = ❌ Could not process the photo: { $reason }
kberr-empty = the file is empty or has no readable text. Please check that it is the right file and send it again
kberr-too_large = the file is over the size limit
kberr-unreadable = the file is damaged or cannot be read, or its extension does not match what it holds. Please open it in the program that made it, save it again as DOCX or PDF, and send it again
kberr-other = processing failed

## Phrases the knowledge base adds to its answers (knowledge/messages.py)
kb-answer-not_found = No relevant passage found.
kb-answer-intro = From the documents:
kb-answer-llm_not_found = The documents do not answer this question.
