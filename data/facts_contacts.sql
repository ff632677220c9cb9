-- Contact facts: every contact of a customer with a start, with that customer's region and
-- segment (see facts_complaints.sql) and the same customer's next contact (time and channel;
-- NULL for the last one; ties by contact_id). The next contact depends on no filter: it is
-- computed once per data version here, not per view. Reads `facts`.
SELECT t.*, f.region, f.segment,
       LEAD(t.contacted_at) OVER w AS next_at,
       LEAD(t.channel) OVER w AS next_channel
FROM contacts t JOIN facts f ON f.customer_id = t.customer_id
WHERE f.signup_date IS NOT NULL OR f.first_order IS NOT NULL
WINDOW w AS (PARTITION BY t.customer_id ORDER BY t.contacted_at, t.contact_id)
