# Correcting a saved complaint ticket, and resolving one with a note (confirmed by a button).
complaints-edit = ✏️ Correct
card-complaint-title_edit = ✏️ <b>Correcting complaint ticket #{ $id }</b> (saved only when you confirm)
complaint-edited = ✅ Complaint ticket #{ $id } corrected: { $fields }.
complaint-deadlines_moved =
    The deadlines were counted again for the corrected ticket:
    Contact the client by: { $first_response_due }
    Resolve by: { $resolution_due }
complaint-edit_nothing = Nothing was changed on complaint ticket #{ $id }; nothing saved.
complaint-edit_closed = Complaint ticket #{ $id } closed more than { $days ->
        [one] { $days } day
       *[other] { $days } days
    } ago and can no longer be changed.
complaint-resolve_confirm =
    Mark complaint ticket #{ $id } ({ $client }) as resolved?
    Resolution: { $resolution }
complaint-edit_stale = Complaint ticket #{ $id } was changed by someone else while you were correcting it; your correction was not saved. Open it again from /complaints to correct it.
card-complaint-closed_on = 🔒 Closed on { $date }: the client, category, description and who received it can be put right; its status, score, closing time, and the severity and day received its deadlines were measured by stay as they were. The correction is kept in the audit log (who, when, before and after).
complaint-closed_fixed = Complaint ticket #{ $id } is closed: its severity and the day it was received are what its deadlines were measured by, and stay as they were.
