-- The complaints of the customers in `lifecycle` (the region/segment filter on the complaint
-- facts' columns: no join), the opening day as a date; hours exact from whole microseconds
-- (portable: DuckDB and Spark, see metrics/spark.py).
SELECT k.*, CAST(k.opened_at AS DATE) AS opened_on,
       DATE_DIFF('microsecond', k.opened_at, k.resolved_at) / 3600e6 AS resolution_hours,
       DATE_DIFF('microsecond', k.opened_at, k.first_response_at) / 3600e6 AS first_response_hours
FROM cmp_facts k
WHERE ($region IS NULL OR k.region = $region)
  AND ($segment IS NULL OR k.segment = $segment)
