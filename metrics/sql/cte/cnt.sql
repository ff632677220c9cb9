-- The contacts of the customers in `lifecycle`, the contact day as a date.
SELECT t.*, CAST(t.contacted_at AS DATE) AS contacted_on
FROM contacts t JOIN lifecycle l ON l.customer_id = t.customer_id
