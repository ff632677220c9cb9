-- The contacts of the customers in `lifecycle` (filtered on the contact facts' columns), the
-- contact day as a date, with each contact's next contact (next_at, next_channel) from the facts.
SELECT t.*, CAST(t.contacted_at AS DATE) AS contacted_on
FROM cnt_facts t
WHERE ($region IS NULL OR t.region = $region)
  AND ($segment IS NULL OR t.segment = $segment)
