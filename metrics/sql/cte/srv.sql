-- The survey answers of the customers in `lifecycle`, the answer day as a date.
SELECT s.*, CAST(s.responded_at AS DATE) AS responded_on
FROM surveys s JOIN lifecycle l ON l.customer_id = s.customer_id
