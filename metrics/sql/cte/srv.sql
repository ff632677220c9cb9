-- The survey answers of the customers in `lifecycle` (filtered on the survey facts' columns),
-- the answer day as a date.
SELECT s.*, CAST(s.responded_at AS DATE) AS responded_on
FROM srv_facts s
WHERE ($region IS NULL OR s.region = $region)
  AND ($segment IS NULL OR s.segment = $segment)
