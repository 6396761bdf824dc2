# Correcting a saved complaint ticket, and resolving one with a note (confirmed by a button).
complaints-edit = ✏️ Correct
card-complaint-title_edit = ✏️ <b>Correcting complaint ticket #{ $id }</b> (saved only when you confirm)
complaint-edited = ✅ Complaint ticket #{ $id } corrected: { $fields }.
complaint-deadlines_moved =
    The deadlines were counted again for the corrected ticket:
    Contact the client by: { $first_response_due }
    Resolve by: { $resolution_due }
complaint-edit_nothing = Nothing was changed on complaint ticket #{ $id }; nothing saved.
complaint-edit_closed = Complaint ticket #{ $id } is closed (its follow-up is scored) and can no longer be changed.
complaint-resolve_confirm =
    Mark complaint ticket #{ $id } ({ $client }) as resolved?
    Resolution: { $resolution }
complaint-edit_stale = Complaint ticket #{ $id } was changed by someone else while you were correcting it; your correction was not saved. Open it again from /complaints to correct it.
