-- The complaints of the customers in `lifecycle`, the opening day as a date; hours exact
-- from whole microseconds (portable: DuckDB and Spark, see metrics/spark.py).
SELECT k.*, CAST(k.opened_at AS DATE) AS opened_on,
       DATE_DIFF('microsecond', k.opened_at, k.resolved_at) / 3600e6 AS resolution_hours,
       DATE_DIFF('microsecond', k.opened_at, k.first_response_at) / 3600e6 AS first_response_hours
FROM complaints k JOIN lifecycle l ON l.customer_id = k.customer_id
