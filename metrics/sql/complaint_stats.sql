-- Complaints opened in the window: how many, and the median hours to resolve the resolved ones
-- (MEDIAN: exact, interpolated between the middle two, on DuckDB and Spark).
win AS (
    SELECT resolution_hours FROM cmp WHERE opened_on BETWEEN $start AND $end
)
SELECT COUNT(*) AS complaints,
       COUNT(resolution_hours) AS resolved,
       MEDIAN(resolution_hours) AS median_resolution_hours
FROM win
