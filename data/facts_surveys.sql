-- Survey facts: every survey answer of a customer with a start, with that customer's
-- region and segment (see facts_complaints.sql). Reads `facts`.
SELECT s.*, f.region, f.segment
FROM surveys s JOIN facts f ON f.customer_id = s.customer_id
WHERE f.signup_date IS NOT NULL OR f.first_order IS NOT NULL
