-- Complaint facts: every complaint of a customer with a start (a signup or an order, as
-- `lifecycle` requires), with that customer's region and segment, so the region/segment
-- filter is a column predicate instead of a join to a million customers. Reads `facts`.
SELECT k.*, f.region, f.segment
FROM complaints k JOIN facts f ON f.customer_id = k.customer_id
WHERE f.signup_date IS NOT NULL OR f.first_order IS NOT NULL
