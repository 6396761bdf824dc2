### media (English); converted from bot/i18n_media.py

voice-heard = 🎤 { $text }
voice-off = Voice messages are not set up yet; please type instead. An administrator can configure a transcription service.
voice-too_long = This voice message is { $seconds } s long, over the { $limit }-minute limit; please send it in parts or type it.
voice-too_large = The audio file is over { $limit } MB; please send it in parts or type it.
voice-unreadable = I could not read this audio (damaged, or a format I cannot decode). Send a voice message, or a recording as m4a, mp3, amr, wav, ogg, flac or WeChat silk; or type it.
voice-down = The transcription service is not available right now, so this voice message was not processed; please try again later or type it.
voice-no_sound = This video has no sound; I can only take in what is said in it. Record it again with sound, or type it.
voice-silent = I could not make out any words in this voice message; please record it closer to the microphone, or type it.
flow-kind-card = business-card contact
photo-reading = 📷 Reading the picture…
photo-too_large = The picture is over { $limit } MB; please send a smaller one.
photo-unclear = I cannot read the text in this picture clearly. Handwritten notes are not supported, please type them; for a business card or a document, take the photo straight on in good light and send it again.
photo-empty = I found no text in this picture. I can read business cards (to add a contact); administrators can also send photos of document pages for the knowledge base.
photo-not_image = I cannot open this file as a picture (it is not an image, or it is damaged). Please take the photo again, or send it as a JPG or PNG.
photo-oversized = This picture has too many pixels to read. Please send a screenshot or a smaller copy.
photo-page_not_admin = This picture looks like a document page; only administrators can add documents to the knowledge base. For a business card, photograph just the card and send it again.
photo-ocr_off = Picture reading is not installed; please contact your administrator.
contact-draft-title = 📇 <b>Business card</b>
contact-field-name = Name: { $value }
contact-field-title = Title: { $value }
contact-field-mobile = Mobile: { $value }
contact-field-phone = Phone: { $value }
contact-field-email = Email: { $value }
contact-field-company = Company: { $value }
contact-field-address = Address: { $value }
contact-field-client = Add to client: { $value }
contact-field-existing = The client already has this contact: { $value }. Confirming updates it from the card; no second contact is added.
contact-unsure_hint = Items marked ❓ were hard to read (a character or digit may be wrong): check them against the card.
contact-fix_hint = If something is wrong, send the correction, e.g. “mobile 13900001111” or “title Purchasing Manager”.
contact-confirm_hint = Tap “Confirm” if this is right; nothing is saved before that.
contact-pick_client = The card's company is “{ $company }”. Which client does this contact belong to? Choose, or send a client's name to search:
contact-no_match = None of your clients matches “{ $company }”. Send a client's name to search, or cancel:
contact-no_company = No company was read from the card. Which client does this contact belong to? Send a client's name to search, or cancel:
contact-type_client = Send the name of the client this contact belongs to:
contact-edit_hint = Tap “Confirm” to save; to correct a field, send e.g. “email li@example.com”.
contact-bad_mobile = “{ $value }” is not a mobile number; nothing was changed. Please send it again, e.g. “mobile 13900001111”.
contact-bad_phone = “{ $value }” is not a phone number; nothing was changed. Please send it again, e.g. “phone 021-62345678”.
contact-bad_email = “{ $value }” is not an e-mail address; nothing was changed. Please send it again, e.g. “email zhang@example.com”.
contact-need_name = No name was read from the card; send e.g. “name Zhang San” and confirm again.
contact-saved = ✅ { $name } was added to { $client } as a contact, with the photo of the card.
contact-updated = ✅ { $name }, a contact of { $client }, was updated from the card, with the photo of the card.
contact-ok = ✅ Confirm
contact-other = Another client
contact-as_new = ➕ Add as a new contact
contact-cancel = ✖ Cancel
contact-photo_button = 📇 { $name }'s card
contact-draft_open = Your { $kind ->
        [visit] visit report
       *[complaint] complaint
    } draft ({ $client }) is not saved yet, so this card was not read in. Tap “Confirm” or “Cancel” on the draft first, then send the card again.
contact-queued = 📇 Card received ({ $name }), number { $count } in line: it comes next once the current card is confirmed or cancelled.
contact-queue_full = { $count } cards are already waiting, so this one was not read in. Finish the current cards first, then send it again.
kb-photo_title = Photo { $when }
ask-source_ocr = OCR
kberr-no_text_pdf = this is a scanned PDF but no text could be read from it (too blurred, or handwritten); please provide a clearer scan or a text version
kberr-ocr_too_long = the scanned PDF has too many pages; please split it into files of at most 60 pages
kberr-unsupported_type = this file type is not supported (TXT, MD, HTML, PDF, DOCX, CSV, XLSX and page photos JPG/PNG are)
kberr-save_as = this format (such as DOC, XLS, PPT or WPS) cannot be read directly. Please open it in WPS or Office, “Save as” DOCX or PDF (a spreadsheet as XLSX), and send it again
media-other_kind = I can't take in this kind of message yet. Send text, a voice or video message, a photo (a business card or a page) or a file.
kb-page_filed =
    ✅ Added to the knowledge base: { $title }, page { $page }.
    { $held }
kb-page_again =
    ✅ Replaced page { $page } of { $title } in the knowledge base (the same page sent again: it is not there twice).
    { $held }
kb-page_held =
    The document now holds { $count ->
        [one] page
       *[other] pages
    } { $pages } ({ $count } in all); answers name the page.
kb-page_missing =
    Still missing: { $count ->
        [one] page
       *[other] pages
    } { $pages }. Photograph and send { $count ->
        [one] it
       *[other] them
    }.
kb-page_next = Send the other pages as photos too (several at once is fine): pages with the same running header become this one document, in the order of the page numbers printed on them, or the order sent when none is printed.
