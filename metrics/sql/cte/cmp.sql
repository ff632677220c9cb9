-- Complaints with their speed bucket (section 6; upper bounds inclusive, in hours; the names and
-- their order are metrics.definitions.SPEED_BUCKETS).
SELECT t.*,
       CASE WHEN t.resolution_hours IS NULL THEN 'unresolved'
            WHEN t.resolution_hours <= 24 THEN '<=1d'
            WHEN t.resolution_hours <= 72 THEN '1-3d'
            WHEN t.resolution_hours <= 168 THEN '3-7d'
            WHEN t.resolution_hours <= 720 THEN '7-30d'
            ELSE '>30d' END AS speed_bucket
FROM timed t
