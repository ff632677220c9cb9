-- Customer effort from contacts over [$start, $end].
-- contacts in the window; a repeat when the next contact follows within 7 days
win AS (
    SELECT *, (next_at IS NOT NULL AND next_at <= contacted_at + INTERVAL 7 DAY) AS repeated
    FROM cnt WHERE contacted_on BETWEEN $start AND $end
),
-- complaints opened in the window and the contacts that belong to them (any date)
win_complaints AS (
    SELECT complaint_id FROM cmp WHERE opened_on BETWEEN $start AND $end
),
linked AS (
    SELECT COUNT(*) AS complaint_contacts
    FROM cnt t JOIN win_complaints k ON k.complaint_id = t.complaint_id
)
SELECT COUNT(*) AS contacts,
       COUNT(CASE WHEN repeated THEN 1 END) AS repeat_contacts,
       COUNT(CASE WHEN repeated AND next_channel <> channel THEN 1 END) AS channel_switches,
       (SELECT COUNT(*) FROM win_complaints) AS complaints,
       (SELECT complaint_contacts FROM linked) AS complaint_contacts
FROM win
