-- Complaints opened in the window by a dimension ($dimension: 'channel' or 'category'),
-- with their escalated and resolved counts.
win AS (
    SELECT CASE WHEN $dimension = 'channel' THEN channel ELSE category END AS value, level, resolved_at
    FROM cmp WHERE opened_on BETWEEN $start AND $end
)
SELECT COALESCE(value, 'not recorded') AS value,
       COUNT(*) AS complaints,
       COUNT(CASE WHEN level = 'escalated' THEN 1 END) AS escalated,
       COUNT(resolved_at) AS resolved
FROM win
GROUP BY COALESCE(value, 'not recorded')
ORDER BY complaints DESC, value
