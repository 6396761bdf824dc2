### cli (English): what `kam` prints for the operator, in the language its help speaks
### (KAM_CLI_LANGUAGE, else the terminal's locale); an import's --lang overrides it.

cli-no_token = TELEGRAM_BOT_TOKEN is not set: starting the local demo chat instead.
cli-not_a_user = { $telegram_id } is not an active user of { $database }. Add them first (kam users add --telegram-id { $telegram_id } --name NAME --role manager), or chat as a demo user on the demo data: kam chat --demo --as { $telegram_id }
cli-user_saved = saved: { $telegram_id } { $name } ({ $role }{ $team })
cli-user_team = , { $team }
cli-user_deactivated = deactivated: { $telegram_id }
cli-cannot_read = cannot read { $path }: { $reason }
cli-details_in = (details in { $path })
cli-demo_loaded = demo data loaded into { $database }: { $created } clients added, { $updated } updated, { $visits } past visits added, { $complaints } complaints
cli-demo_document = knowledge base: { $title }: { $status }, { $chunks } chunks
cli-demo_document_error = knowledge base: { $filename }: { $code } { $detail }
cli-unknown_period = unknown period { $period }: use week, month, quarter, year, last-month…
cli-export_wrote =
    wrote { $path }: { $count } { $count ->
        [one] row
       *[other] rows
    } of { $kind } ({ $bytes } bytes)
cli-export_empty = the database has no { $kind } ({ $database }); to try the export on demo data: kam export { $kind } --demo --out { $path }
cli-export_empty_period = the database has no { $kind } in that period ({ $database }); to try the export on demo data: kam export { $kind } --demo --out { $path }
cli-ingested = { $status } { $title }  ({ $source }: { $pages } { $pages ->
        [one] page
       *[other] pages
    }, { $chunks } { $chunks ->
        [one] chunk
       *[other] chunks
    }, { $seconds } s)
cli-ingest_status-added = added
cli-ingest_status-updated = updated
cli-ingest_status-unchanged = unchanged
cli-ingest_status-duplicate = duplicate
cli-ingest_error = error     { $filename }: { $reason }{ $detail }
cli-kb_empty = the knowledge base is empty: add documents with `kam ingest PATH`, or ask the sample handbook with `kam ask --demo QUESTION`
