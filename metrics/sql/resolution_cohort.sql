-- Retention by resolution speed (docs/contract.md section 6): one row per cohort member.
-- kept when the follow-up is fully observed by as_of
cohort AS (
    SELECT f.customer_id, f.complaint_id, f.opened_on, f.resolution_hours, f.speed_bucket,
           (l.lost_on IS NULL OR l.lost_on > f.opened_on + $horizon_days) AS retained
    FROM first_complaint f JOIN lifecycle l ON l.customer_id = f.customer_id
    WHERE f.opened_on + $horizon_days <= $as_of
)
SELECT customer_id, complaint_id, opened_on, resolution_hours, retained,
       CASE WHEN resolution_hours IS NULL THEN 'unresolved'
            WHEN resolution_hours <= $fast_hours THEN 'fast'
            ELSE 'resolved' END AS "group",
       speed_bucket AS bucket
FROM cohort
