### cli (English): what `kam` prints for the operator, in the language its help speaks
### (KAM_CLI_LANGUAGE, else the terminal's locale); an import's --lang overrides it.

cli-no_token = TELEGRAM_BOT_TOKEN is not set: starting the local demo chat instead.
cli-not_a_user = { $telegram_id } is not an active user of { $database }. Add them first (kam users add --telegram-id { $telegram_id } --name NAME --role manager), or chat as a demo user on the demo data: kam chat --demo --as { $telegram_id }
cli-user_saved = saved: { $telegram_id } { $name } ({ $role }{ $team })
cli-user_team = , { $team }
cli-user_deactivated = deactivated: { $telegram_id }
cli-users_head_id = telegram_id
cli-users_head_role = role
cli-users_head_active = active
cli-users_head_team = team
cli-users_head_name = name
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
    } of { $what } ({ $bytes } bytes)
cli-export_kind-clients = client files
cli-export_kind-visits = visits
cli-export_kind-complaints = complaints
cli-export_empty = the database has no { $what } ({ $database }); to try the export on demo data: kam export { $kind } --demo --out { $path }
cli-export_empty_period = the database has no { $what } in that period ({ $database }); to try the export on demo data: kam export { $kind } --demo --out { $path }
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
cli-ingest_duplicate =           same content as “{ $title }”, already in the knowledge base: not added twice
cli-ingest_replaced =           replaced the earlier version “{ $title }”: answers quote only the new one
cli-ingest_same_all =           same content also in “{ $title }” ({ $id }), company-wide: both are kept (kam kb remove { $id } removes that one)
cli-ingest_same_client =           same content also in “{ $title }” ({ $id }), for client “{ $client }” only: both are kept (kam kb remove { $id } removes that one)
cli-ingest_replace_ask = { $file } looks like a new version of { $older }. Replace the earlier version? Answers then quote only the new one; if not, both versions are quoted. [y/N]
cli-ingest_kept_both = Both versions are kept.
cli-ingest_kept_older = note: { $file } looks like a new version of { $older }; both are kept and answers quote both. To replace the earlier version, run again with --replace-older, or remove it: kam kb remove { $ids }
cli-kb_none_matching = no document has “{ $filter }” in its name
cli-kb_held =   ⏸ set aside for { $id } (a newer edition): not quoted until replaced (kam kb remove { $old }) or kept in chat (/kb ▶)
cli-kb_head_id = ID
cli-kb_head_version = version
cli-kb_head_pages = pages
cli-kb_head_chunks = chunks
cli-kb_head_when = added
cli-kb_head_client = client only
cli-kb_head_title = title (file)
cli-kb_total = { $count } { $count ->
        [one] document
       *[other] documents
    }
cli-kb_no_such = the knowledge base has no “{ $name }”: `kam kb list` shows every document and its ID
cli-kb_which = “{ $name }” may mean any of these documents; nothing was removed. Name one by its ID:
cli-kb_remove_needs_yes = “{ $title }” not removed: when not run on a terminal, confirm with --yes (kam kb remove { $id } --yes)
cli-kb_remove_ask = Remove “{ $title }” ({ $source }, { $chunks } { $chunks ->
        [one] chunk
       *[other] chunks
    }) from the knowledge base? Answers will no longer quote it, for anyone. [y/N]
cli-kb_remove_kept = Nothing was removed; “{ $title }” stays in the knowledge base.
cli-kb_already_gone = “{ $title }” is no longer in the knowledge base.
cli-kb_removed = removed from the knowledge base: { $title } ({ $id }, { $chunks } { $chunks ->
        [one] chunk
       *[other] chunks
    })

## kam doctor, kam backup, kam restore
ops-status-ok = OK
ops-status-warn = WARN
ops-status-fail = FAIL
ops-status-skip = SKIP
ops-line = { $status }  { $name }: { $detail }
ops-sep = {"; "}
ops-check-settings = settings
ops-check-database = database
ops-check-telegram = telegram
ops-check-knowledge = knowledge base
ops-check-embedding = embedding endpoint
ops-check-llm = language model
ops-total-passed = { $checks } checks, all passed
ops-total-warned = { $checks } checks, none failed, { $warned } { $warned ->
        [one] warning
       *[other] warnings
    } (WARN above)
ops-total-failed = { $checks } checks, { $failed } failed
ops-total-failed_warned = { $checks } checks, { $failed } failed, { $warned } { $warned ->
        [one] warning
       *[other] warnings
    } (WARN above)
ops-no_token = no TELEGRAM_BOT_TOKEN (kam run opens the local demo chat)
ops-no_admins = no KAM_ADMIN_IDS (nobody can invite users from chat)
ops-webhook_not_https = KAM_WEBHOOK_URL must be an https:// URL
ops-mode-webhook = webhook { $url } on { $listen }:{ $port }
ops-mode-polling = long polling
ops-no_webhook_secret = no KAM_WEBHOOK_SECRET (derived from the token)
ops-settings = { $mode }, { $database }, data dir { $dir }
ops-db-missing = { $path } does not exist yet (created at start)
ops-db-empty = reachable, empty (migrated to { $head } at start)
ops-db-ok = schema { $current } (newest); { $counts }
ops-db-old = schema { $current }, newest { $head }: upgraded at the next start
ops-count-users = { $n } { $n ->
        [one] user
       *[other] users
    }
ops-count-clients = { $n } { $n ->
        [one] client
       *[other] clients
    }
ops-count-visits = { $n } { $n ->
        [one] visit
       *[other] visits
    }
ops-count-complaints = { $n } { $n ->
        [one] complaint
       *[other] complaints
    }
ops-count-sep = {", "}
ops-tg-no_token = no token
ops-tg-refused = the token was refused (401 Unauthorized)
ops-tg-ok = @{ $username } reachable in { $ms } ms
ops-tg-webhook = webhook registered: { $url }
ops-tg-webhook_none = none
ops-tg-webhook_elsewhere = updates do not reach { $url } (someone deleted the webhook, or ran the bot in polling mode with this token); a replica starting registers it again
ops-tg-delivery_error = last delivery error: { $error }
ops-kb-with_migrations = registry tables come with the migrations
ops-kb = { $documents } documents, { $chunks } chunks, { $vectors } vectors (registry: { $registry }; vectors: { $store })
ops-kb-repair = { $stale } chunks to embed, dense index repaired from the registry at the next start
ops-kb-chroma_down = no Chroma server answers at { $url } ({ $error }); { $documents } documents, { $chunks } chunks in the registry. The bot starts without it: questions and uploads are told to try again later until it answers, then it works again by itself
ops-emb-local = { $model } runs in-process
ops-emb-ok = { $url }: { $dims } dimensions in { $ms } ms
ops-llm-none = not configured (answers are quoted from documents)
ops-llm-refused = { $url }: the API key was refused ({ $code })
ops-llm-no_models = { $url } answers, but has no /models
ops-llm-not_listed = { $url } does not list { $model } (has { $names })
ops-llm-ok = { $url }, model { $model }
ops-pg_recipe =
    PostgreSQL is backed up with its own tools (the knowledge-base registry is in the same
    database, so it follows; the Chroma vectors are rebuilt from it at the next start):
      { $dump }          # backup, while the bot runs
      { $restore }
    then point KAM_DATABASE_URL at it and run `kam doctor`: it checks the schema and that the
    knowledge base's dense index matches the registry.
ops-backup-not_empty = { $path } exists and is not empty: choose a new folder
ops-backup-no_db = no database at { $path }
ops-backup-db = database: { $source } -> { $target } ({ $counts })
ops-backup-kb = knowledge base: { $source } -> { $target } (vectors are rebuilt from it on restore)
ops-backup-done = backup written to { $path }
ops-restore-not_backup = { $path } is not a backup made by `kam backup` (no { $manifest })
ops-restore-db_exists = { $path } already exists: restore into a fresh data directory, or pass --force to replace it
ops-restore-differs = restored database differs from the backup: { $found } != { $expected }
ops-restore-db = database: restored { $path } (schema { $schema }; { $counts })
ops-restore-kb_exists = { $path } already exists: pass --force to replace it
ops-restore-kb = knowledge base: restored { $path }
ops-restore-pg_note = note: with PostgreSQL the registry normally lives in the database; this file is moved into it when the knowledge base next opens
ops-restore-ready = ready: schema { $schema }; knowledge base with { $documents } { $documents ->
        [one] document
       *[other] documents
    }
cli-ingest_client_unknown = No client “{ $query }” was found; no document was added. Write the client's full name.
cli-ingest_client_ambiguous = “{ $query }” could be any of these clients: { $options }. No document was added; write the client's full name.
cli-progress_chunks = { $done }/{ $total } chunks, { $left }
cli-progress_pages = { $done }/{ $total } pages read by OCR, { $left }
cli-progress_left = { $seconds } s left
cli-user_renamed = renamed: { $old } → { $new }
cli-invite_created =
    invitation link ({ $role }, team { $team }, name { $name }); it works once, until { $expires }:
    { $link }
cli-invite_unknown_team = there is no team called “{ $team }” (teams: { $teams }); no link was made. Name an existing team, or add --new-team to create it.
cli-invite_which_team = say which team the person joins with --team (teams: { $teams }); no link was made.
